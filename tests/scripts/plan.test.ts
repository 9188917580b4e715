import { PLAN } from '../../scripts/plan';
import { STEP_CATALOGUE, STEP_NAMES } from '../../scripts/step-catalogue';

describe('the step catalogue that --help reads agrees with PLAN', () => {
  test('the same steps, in the same order', () => {
    expect(PLAN.map((step) => step.name)).toEqual(STEP_NAMES);
  });

  test.each(PLAN.map((step) => [step.name, step] as const))('%s: its description, and the steps it needs', (name, step) => {
    const entry = STEP_CATALOGUE[name as keyof typeof STEP_CATALOGUE];
    expect(step.description).toBe(entry.description);
    expect(step.dependsOn.map((dependency) => dependency.name)).toEqual(entry.needs);
  });
});
