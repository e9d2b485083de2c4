// DELETE /v1/visitor: the visitor erases itself, everywhere the relay keeps
// anything of it (relay/visitors/erasure.ts), and answers 204. Afterwards its token is refused,
// its upload URLs answer 404 and its streams on every relay have ended.
import { Router } from 'express';
import type { Erasure } from '../visitors/erasure';
import { visitorIdOf } from './auth';

export function visitorRouter({ erasure }: { erasure: Pick<Erasure, 'erase'> }): Router {
  const router = Router();
  // Behind requireVisitor: the visitor id comes from a valid token, never from the request.
  router.delete('/v1/visitor', async (_req, res) => {
    await erasure.erase(visitorIdOf(res));
    res.status(204).end();
  });
  return router;
}
