// The request and response classes of the relay's own HTTP server. Express gives every request
// and response its app's prototypes with Object.setPrototypeOf, and in V8 an object whose
// prototype changes after construction gets a hidden class of its own: about 2 KB more per
// request, which an open event stream keeps for as long as it lasts. Objects built from classes
// whose prototypes already are the app's keep shared hidden classes; Express's call then has
// nothing to change.
import { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, Request, Response } from 'express';

export interface ServerClasses {
  IncomingMessage: typeof IncomingMessage;
  ServerResponse: typeof ServerResponse;
  /**
   * Makes these classes' prototypes the app's request and response prototypes, in front of the
   * app's own (so every Express method is still found). Requests served before this get their
   * prototype from Express as usual.
   */
  adopt(app: Express): void;
}

export function serverClasses(): ServerClasses {
  class RelayRequest extends IncomingMessage {}
  class RelayResponse extends ServerResponse {}
  let adopted = false;
  return {
    IncomingMessage: RelayRequest,
    ServerResponse: RelayResponse as typeof ServerResponse,
    adopt(app) {
      if (adopted) throw new Error('serverClasses: already adopted by an app');
      adopted = true;
      Object.setPrototypeOf(RelayRequest.prototype, app.request);
      Object.setPrototypeOf(RelayResponse.prototype, app.response);
      app.request = RelayRequest.prototype as unknown as Request;
      app.response = RelayResponse.prototype as unknown as Response;
    },
  };
}
