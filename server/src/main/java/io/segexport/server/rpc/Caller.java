package io.segexport.server.rpc;

import io.segexport.server.store.Tenant;

/** An authenticated caller: the tenant it acts in and the API key (client) it came through. */
public record Caller(Tenant tenant, String apiKey) {}
