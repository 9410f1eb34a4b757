/**
 * The Java client of segexport: {@link io.segexport.client.SegexportClient}, built with
 * {@link io.segexport.client.SegexportClient#builder()}, gives typed methods for every RPC of the
 * service, sends the caller's credentials on every call, retries idempotent calls when the server
 * is unavailable, follows pages, streams imports with back-pressure and waits for export jobs.
 * Every failure of a call is a {@link io.segexport.client.SegexportException}.
 */
package io.segexport.client;
