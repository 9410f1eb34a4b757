/**
 * The Data Access API: the files of exported batches, listed and streamed in ranges as fast as the
 * reader takes them.
 */
package io.segexport.server.dataaccess;
