/** Refusals of the class routes: each names what was refused and what to do instead. */
import { LabError } from '../lab/errors';
import { LimitReachedError } from '../http/limit-errors';

export class NotInstructorError extends LabError {
  constructor() {
    super(401, 'this is for the instructor: open an instructor link (the server prints it; `npm run instructor-link` prints it again)', 'NotInstructor');
    this.name = 'NotInstructorError';
  }
}

export class UnknownClassError extends LabError {
  constructor(id: string) {
    super(404, `no class ${JSON.stringify(id.slice(0, 40))} on this portal; the instructor view lists the classes`, 'UnknownClass');
    this.name = 'UnknownClassError';
  }
}

export class UnknownJoinCodeError extends LabError {
  constructor() {
    super(404, 'no class has this join code; check the code on the slide (6 letters and digits) or ask your instructor for the link', 'UnknownJoinCode');
    this.name = 'UnknownJoinCodeError';
  }
}

export class NotInClassError extends LabError {
  constructor(learner: string, classId: string) {
    super(404, `learner ${JSON.stringify(learner.slice(0, 40))} is not in class ${JSON.stringify(classId.slice(0, 40))}; the class board lists its learners`, 'NotInClass');
    this.name = 'NotInClassError';
  }
}

export class ClassInputError extends LabError {
  constructor(field: string, reason: string) {
    super(400, `${field}: ${reason}`, 'BadRequest');
    this.name = 'ClassInputError';
  }
}

export class ClassRequiredError extends LabError {
  constructor() {
    super(403, 'this portal opens lab clusters for members of a class: open the join link your instructor gave you (/join/<code>); lessons stay open to read', 'ClassRequired');
    this.name = 'ClassRequiredError';
  }
}

export class TooManyCodeGuessesError extends LimitReachedError {
  constructor(retryAfterSeconds: number, what: 'join' | 'recovery') {
    super(retryAfterSeconds, `too many ${what} codes tried from this address; try again in ${retryAfterSeconds} s, and check the code for typos`, 'TooManyCodeGuesses');
    this.name = 'TooManyCodeGuessesError';
  }
}

export class UnknownRecoveryCodeError extends LabError {
  constructor() {
    super(404, 'this recovery code opens nothing here; check it on the device where it was shown, or ask your instructor for a new one', 'UnknownRecoveryCode');
    this.name = 'UnknownRecoveryCodeError';
  }
}

export class UnknownInstructorLinkError extends LabError {
  constructor(id: string) {
    super(404, `no instructor link ${JSON.stringify(id.slice(0, 40))}; the instructor view lists the links`, 'UnknownInstructorLink');
    this.name = 'UnknownInstructorLinkError';
  }
}
