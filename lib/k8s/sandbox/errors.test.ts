import { describe, expect, it } from 'vitest';
import { errors } from './errors';

describe('StatusError', () => {
  it('words an Invalid error the way the API server does', () => {
    const err = errors.invalid('Job', 'batch', 'x', [
      { reason: 'FieldValueNotSupported', field: 'spec.template.spec.restartPolicy', message: 'Unsupported value: "Always": supported values: "OnFailure", "Never"' },
    ]);
    expect(err.toStatus()).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(err.message).toBe('Job "x" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"');
  });

  it('names the qualified resource in NotFound', () => {
    expect(errors.notFound('jobs', 'batch', 'pi').message).toBe('jobs.batch "pi" not found');
    expect(errors.notFound('pods', '', 'web-0').message).toBe('pods "web-0" not found');
  });
});
