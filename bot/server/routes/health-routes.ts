import type { Server } from 'restify';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export function registerHealthRoutes(server: Server, checks: ReadinessCheck[], startedAt: Date): void {
  server.get('/healthz', async (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000) });
  });

  server.get('/readyz', async (_req, res) => {
    const results: Record<string, string> = {};
    let ready = true;
    for (const { name, check } of checks) {
      try {
        await check();
        results[name] = 'ok';
      } catch (error) {
        ready = false;
        results[name] = `failing: ${(error as Error).message}`;
      }
    }
    res.status(ready ? 200 : 503);
    res.json({ status: ready ? 'ready' : 'not-ready', checks: results });
  });
}
