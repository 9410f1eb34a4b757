/**
 * What every service shares about a call: its context (request id, caller), the errors as AIP-193
 * describes them, answering unary calls, and refusing malformed messages as client errors.
 */
package io.segexport.server.rpc;
