/**
 * The public contract: the messages and services generated from {@code segexport/v1/*.proto}, and
 * the few hand-written helpers every face shares (the services, error domains, job statuses, request
 * ids). It depends on nothing else of ours.
 */
package io.segexport.v1;
