// The part of autocannon's API this benchmark uses (the package ships no types).
declare module 'autocannon' {
  namespace autocannon {
    type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
    type Options = {
      url: string;
      connections?: number;
      amount?: number;
      timeout?: number;
      overallRate?: number;
      requests?: (Request & { setupRequest?: (request: Request) => Request })[];
    };
    type Histogram = { p50: number; p90: number; p99: number; max: number; average: number };
    type Result = { latency: Histogram; '2xx': number; non2xx: number; errors: number };
  }
  function autocannon(options: autocannon.Options, done: (error: Error | null, result: autocannon.Result) => void): unknown;
  export default autocannon;
}
