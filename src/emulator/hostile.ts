/**
 * Answers the injected faults decide, given what the cloud answered honestly: its own bodies for
 * provider-shaped faults, a sign-in page for `html`, and how the bytes travel.
 */
import type { ApiResponse, Outcome } from './api.js';
import type { Delivery } from './delivery.js';
import type { FaultKind, FaultPlan } from './faults.js';

/** What a captive portal or an authenticating proxy serves in place of the API: a 200 that is not the API. */
const SIGN_IN_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head>
<body><h1>Network sign-in required</h1>
<form method="post" action="/login"><label>User <input name="user"></label><label>Password <input name="password" type="password"></label>
<button type="submit">Sign in</button></form></body></html>
`;

export interface Faulted {
  response: ApiResponse;
  delayMs: number;
  delivery: Delivery;
  /** The log's code for a fault that changed the answer without an error code of its own. */
  logCode?: string;
}

export function applyFault(fault: FaultKind | undefined, outcome: Outcome, honest: ApiResponse, plan: FaultPlan): Faulted {
  const bodies = outcome.faults;
  const whole: Delivery = { kind: 'whole' };
  if (!bodies || fault === undefined) return { response: honest, delayMs: 0, delivery: whole };
  switch (fault) {
    case 'throttle': return { response: bodies.throttle(), delayMs: 0, delivery: whole };
    case 'serverError': return { response: bodies.serverError(plan.variant()), delayMs: 0, delivery: whole };
    case 'slow': return { response: honest, delayMs: plan.slowMs, delivery: whole };
    case 'malformed': return { response: { ...honest, body: bodies.malformed() }, delayMs: 0, delivery: whole, logCode: 'Malformed' };
    case 'truncated': return { response: honest, delayMs: 0, delivery: { kind: 'truncated' }, logCode: 'Truncated' };
    case 'reset': return { response: honest, delayMs: 0, delivery: { kind: 'reset' } };
    case 'emptyEnvelope': return { response: bodies.emptyEnvelope(plan.variant()), delayMs: 0, delivery: whole, logCode: 'EmptyEnvelope' };
    case 'html':
      return { response: { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: SIGN_IN_PAGE }, delayMs: 0, delivery: whole, logCode: 'HtmlPage' };
    case 'trickle': return { response: honest, delayMs: 0, delivery: { kind: 'trickle', byteMs: plan.trickleMs }, logCode: 'Trickle' };
    case 'hang': return { response: honest, delayMs: 0, delivery: { kind: 'hang' } };
    case 'badTotal': {
      // Only paged backup lists have a total to lie about; anything else is served as it is.
      const lie = bodies.badTotal?.(plan.variant());
      return lie ? { response: lie, delayMs: 0, delivery: whole, logCode: 'BadTotal' } : { response: honest, delayMs: 0, delivery: whole };
    }
    case 'echoSecrets': return { response: bodies.echoSecrets(), delayMs: 0, delivery: whole };
  }
}
