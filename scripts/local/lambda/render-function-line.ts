import type { FunctionKey } from '../../lib/builders/names';
import { FUNCTION_ALIASES } from '../../logs/function-choice';
import { parseLogLine } from '../../logs/log-event';
import { renderEvent } from '../../logs/render';

const WIDTH = Math.max(...Object.keys(FUNCTION_ALIASES).map((alias) => alias.length));

/**
 * A handler's log line as `rekog-deploy logs` shows it, after the short name `logs` knows the
 * function by: `process        17:30:19.988Z WARN   cfd5c61b  uploads/4b06.jpg  image not analysed  code=NOT_AN_IMAGE`.
 */
export function renderFunctionLine(key: FunctionKey, line: string, colour: boolean): string {
  const alias = Object.keys(FUNCTION_ALIASES).find((name) => FUNCTION_ALIASES[name] === key) ?? key;
  return `${alias.padEnd(WIDTH)}  ${renderEvent(parseLogLine(line), { colour, verbose: false })}`;
}
