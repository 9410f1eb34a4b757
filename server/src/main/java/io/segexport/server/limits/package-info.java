/**
 * The limits a server holds its callers to ({@code --limit NAME=VALUE}): sizes, depths, each
 * client's request rate, and the interceptor that enforces them.
 */
package io.segexport.server.limits;
