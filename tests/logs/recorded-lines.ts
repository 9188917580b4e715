/** Lines as the local cloud records them in .rekog/local/logs (copied from a real run, then an error added). */
export const REQUEST_ID = 'efa61a7b-1868-4b5f-b36c-1a9019f25c2e';
export const LOCAL_LINES = {
  start: `2026-11-26T17:09:22.455Z\tSTART RequestId: ${REQUEST_ID} Version: $LATEST`,
  analysed: `2026-11-26T17:09:24.329Z\t${REQUEST_ID}\tINFO\t{"level":"info","message":"image analysed","requestId":"${REQUEST_ID}","key":"uploads/9eeb3748-e8cd-4877-b721-0e58b4c6af02.jpg","labels":1,"time":"2026-11-26T17:09:24.329Z"}`,
  rejected: `2026-11-26T17:09:24.340Z\t${REQUEST_ID}\tINFO\t{"level":"warn","message":"request rejected","requestId":"${REQUEST_ID}","code":"NOT_AN_IMAGE","statusCode":400,"reason":"not a JPEG or PNG","time":"2026-11-26T17:09:24.340Z"}`,
  failed: `2026-11-26T17:09:24.350Z\t${REQUEST_ID}\tERROR\t{"level":"error","message":"image analysis failed","requestId":"${REQUEST_ID}","key":"uploads/a.png","error":{"name":"AccessDeniedException","message":"not allowed","httpStatusCode":403,"stack":"AccessDeniedException: not allowed\\n    at deserialize (/var/task/index.js:1:2)"},"time":"2026-11-26T17:09:24.350Z"}`,
  text: `2026-11-26T17:09:22.507Z\t${REQUEST_ID}\tERROR\t(node:23822) Warning: NodeVersionSupportWarning: The AWS SDK for JavaScript (v3)`,
  invokeError: `2026-11-26T17:09:24.360Z\t${REQUEST_ID}\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading 'Records')","stack":["TypeError: Cannot read properties of undefined (reading 'Records')","    at handler (/var/task/index.js:10:5)"]}`,
  timeout: `2026-11-26T17:09:27.000Z\t${REQUEST_ID}\tTask timed out after 3.00 seconds`,
  end: `2026-11-26T17:09:24.363Z\tEND RequestId: ${REQUEST_ID}`,
  report: `2026-11-26T17:09:24.363Z\tREPORT RequestId: ${REQUEST_ID}\tDuration: 1907.73 ms\tBilled Duration: 1908 ms\tMemory Size: 256 MB\tInit Duration: 790.42 ms`,
};

/** The same kinds of line as CloudWatch returns them: platform lines carry no time, every message ends in a newline. */
export const CLOUDWATCH_MESSAGES = {
  start: `START RequestId: ${REQUEST_ID} Version: $LATEST\n`,
  analysed: `${LOCAL_LINES.analysed}\n`,
  end: `END RequestId: ${REQUEST_ID}\n`,
  report: `REPORT RequestId: ${REQUEST_ID}\tDuration: 1907.73 ms\tBilled Duration: 1908 ms\tMemory Size: 256 MB\tMax Memory Used: 97 MB\t\n`,
};

/** A stream that records what is written to it, as a terminal or as a pipe. */
export function capture(isTTY = false) {
  const chunks: string[] = [];
  return {
    isTTY,
    write(text: string) {
      chunks.push(text);
      return true;
    },
    text: () => chunks.join(''),
    lines: () => chunks.join('').split('\n').filter(Boolean),
  };
}
