/**
 * What operators watch a server through, apart from the API: {@code /metrics} in Prometheus's text
 * format and the liveness and readiness checks, on the HTTP port or a port of their own.
 */
package io.segexport.gateway.management;
