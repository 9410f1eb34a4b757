package io.segexport.server.store;

/** An org and sandbox: the unit of isolation. Every key in the store starts with one. */
public record Tenant(String orgId, String sandboxName) {}
