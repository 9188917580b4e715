import type { FunctionActivity } from '../lib/resources/function-metrics';
import type { StatusReport } from '../lib/engine/runner';

/** `status` for a person: one line per resource, then what the functions did in the last hour. */
export function formatStatus(stack: string, region: string, reports: StatusReport[], activity: FunctionActivity[]): string[] {
  const lines = [`Stack "${stack}" in ${region}`];
  for (const report of reports) {
    for (const resource of report.resources) {
      const drift = resource.drift?.length ? `  (differs: ${resource.drift.join(', ')})` : '';
      const detail = resource.detail ? `  ${resource.detail}` : '';
      lines.push(`  ${resource.state.padEnd(8)} ${resource.kind}: ${resource.name}${detail}${drift}`);
    }
  }
  if (activity.length) {
    lines.push('Last hour');
    for (const fn of activity) {
      lines.push(`  ${fn.function.padEnd(32)} ${String(fn.invocations).padStart(6)} invocations ${String(fn.errors).padStart(5)} errors`);
    }
  }
  const missing = reports.flatMap((report) => report.resources).filter((resource) => resource.state !== 'present');
  if (missing.length) lines.push(`${missing.length} resource(s) missing or drifted: \`rekog-deploy up\` puts them right.`);
  return lines;
}
