import type { StepReport } from '../lib/engine/runner';

function count(reports: StepReport[], field: 'deleted' | 'kept' | 'leftAlone'): number {
  return reports.reduce((total, report) => total + (report[field]?.length ?? 0), 0);
}

/** The line that ends `down` for a person; each resource already had its own line as it went. */
export function downSummary(stack: string, region: string, reports: StepReport[]): string {
  const [deleted, kept, leftAlone] = [count(reports, 'deleted'), count(reports, 'kept'), count(reports, 'leftAlone')];
  if (!deleted && !kept && !leftAlone) return `Nothing to delete: stack "${stack}" has no resources in ${region}.`;
  const parts = [
    deleted ? `deleted ${deleted} resource${deleted === 1 ? '' : 's'}` : 'deleted nothing',
    ...(kept ? [`kept ${kept}`] : []),
    ...(leftAlone ? [`left ${leftAlone} alone`] : []),
  ];
  return `Done: ${parts.join(', ')}.`;
}
