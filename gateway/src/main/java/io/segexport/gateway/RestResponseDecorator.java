package io.segexport.gateway;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.common.SerializationFormat;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * Makes transcoded responses plain REST: no {@code grpc-*} header leaks out, and a successful
 * DELETE answers 204 No Content, as the documentation says, unless its method asks for 200 (a gRPC
 * method cannot choose its HTTP status, and HTTP forbids a body with 204). Framed gRPC passes through
 * untouched.
 */
final class RestResponseDecorator implements DecoratingHttpServiceFunction {
    /** The response header by which a service asks for a success status other than 200 (201, 207). */
    static final String STATUS = "x-segexport-status";

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        HttpResponse res = delegate.serve(ctx, req);
        if (isFramedGrpc(req)) {
            return res;
        }
        ctx.mutateAdditionalResponseTrailers(RestResponseDecorator::stripGrpc);
        boolean delete = req.method() == HttpMethod.DELETE;
        HttpResponse rest = res.mapHeaders(headers ->
                        withAskedStatus(stripGrpc(headers.toBuilder()), delete).build())
                .mapTrailers(trailers -> stripGrpc(trailers.toBuilder()).build());
        if (!delete) {
            return rest;
        }
        return HttpResponse.of(rest.aggregate().thenApply(RestResponseDecorator::withoutBodyIfNoContent));
    }

    static boolean isFramedGrpc(HttpRequest req) {
        var contentType = req.contentType();
        var format = contentType == null ? null : SerializationFormat.find(contentType);
        return format != null && GrpcSerializationFormats.isGrpc(format);
    }

    private static HttpResponse withoutBodyIfNoContent(AggregatedHttpResponse res) {
        if (res.status() != HttpStatus.NO_CONTENT) {
            return res.toHttpResponse();
        }
        ResponseHeaders headers = res.headers().toBuilder()
                .removeAndThen(HttpHeaderNames.CONTENT_TYPE)
                .removeAndThen(HttpHeaderNames.CONTENT_LENGTH)
                .build();
        return HttpResponse.of(headers);
    }

    /**
     * The platform answers 201 to a create, 207 to a call of many messages, 204 to most deletes and
     * 200 with a body to the Catalog's; a gRPC method cannot choose its HTTP status, so it asks with
     * the response header {@value #STATUS}, honoured on success. A DELETE that asks for none answers 204.
     */
    private static ResponseHeadersBuilder withAskedStatus(ResponseHeadersBuilder headers, boolean delete) {
        String asked = headers.get(STATUS);
        headers.remove(STATUS);
        if (headers.status() != HttpStatus.OK) {
            return headers;
        }
        if (asked != null && (asked.equals("201") || asked.equals("207"))) {
            headers.status(HttpStatus.valueOf(Integer.parseInt(asked)));
        } else if (delete && !"200".equals(asked)) {
            headers.status(HttpStatus.NO_CONTENT);
        }
        return headers;
    }

    private static <B extends HttpHeadersBuilder> B stripGrpc(B headers) {
        headers.names().stream()
                .filter(name -> name.toString().startsWith("grpc-"))
                .toList()
                .forEach(headers::remove);
        return headers;
    }
}
