// GET /v1/availability: whether the team answers now and, while away, when it is back
// (README, What the visitor gets). No visitor token: the answer is the same for everyone, so shared caches may
// keep it for a minute (its CORS headers vary on Origin).
import { Router } from 'express';
import type { Availability } from '../../protocol/relay-api';

/** How long browsers and proxies may reuse an answer. */
export const AVAILABILITY_MAX_AGE_S = 60;

export function availabilityRouter(deps: { availability: (at: number) => Availability; now: () => number }): Router {
  const router = Router();
  router.get('/v1/availability', (_req, res) => {
    res.setHeader('Cache-Control', `public, max-age=${AVAILABILITY_MAX_AGE_S}`);
    res.json(deps.availability(deps.now()));
  });
  return router;
}
