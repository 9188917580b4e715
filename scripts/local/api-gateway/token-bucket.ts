export interface ThrottleSettings {
  /** Steady-state requests per second. */
  rateLimit: number;
  /** Requests allowed at once before the rate applies. */
  burstLimit: number;
}

/**
 * Stage throttling as API Gateway applies it: a token bucket that holds `burstLimit` tokens and refills at
 * `rateLimit` per second. https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
 */
export function createTokenBucket(settings: ThrottleSettings, now: () => number = Date.now): () => boolean {
  let tokens = settings.burstLimit;
  let refilledAt = now();
  return function take(): boolean {
    const at = now();
    tokens = Math.min(settings.burstLimit, tokens + ((at - refilledAt) / 1000) * settings.rateLimit);
    refilledAt = at;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}
