/** Maps the quiz's and progress' typed errors to HTTP answers, like the lab routes do for theirs. */
import { LabError } from '../lab/errors';
import { errorResponse } from '../lab/request';
import { DisplayNameError } from '../learners/display-name';
import { ProgressImportError, ProgressInputError } from '../learners/progress';
import { UnknownQuizError } from './load';
import { BadAnswerError, UnknownQuestionError } from './service';

export function progressErrorResponse(err: unknown): Response {
  if (err instanceof UnknownQuizError || err instanceof UnknownQuestionError) return errorResponse(new LabError(404, err.message, 'NotFound'));
  if (err instanceof BadAnswerError || err instanceof ProgressInputError || err instanceof DisplayNameError) return errorResponse(new LabError(400, err.message, 'BadRequest'));
  if (err instanceof ProgressImportError) return errorResponse(new LabError(400, err.message, 'BadProgressFile'));
  return errorResponse(err);
}
