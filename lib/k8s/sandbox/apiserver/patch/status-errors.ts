/**
 * The API server's wording for patch failures (k8s.io/apiserver endpoints/handlers/patch.go):
 * an undecodable patch is 400 BadRequest; a patch that decodes but cannot be applied is
 * NewGenericServerResponse(422), i.e. reason Invalid with the library's message as a cause.
 */
import { StatusError, errors } from '../../errors';

export function patchNotApplicable(message: string): StatusError {
  return new StatusError(422, 'Invalid', 'the server rejected our request due to an error in our request', {
    causes: [{ reason: 'UnexpectedServerResponse', message }],
  });
}

export function malformedPatch(message: string): StatusError {
  return errors.badRequest(message);
}
