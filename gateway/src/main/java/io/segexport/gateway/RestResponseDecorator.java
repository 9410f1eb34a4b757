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
 * DELETE answers 204 No Content, as the documentation says (a gRPC method cannot choose its HTTP
 * status, and HTTP forbids a body with 204). Framed gRPC passes through untouched.
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
        HttpResponse rest = res.mapHeaders(headers ->
                        withAskedStatus(stripGrpc(headers.toBuilder())).build())
                .mapTrailers(trailers -> stripGrpc(trailers.toBuilder()).build());
        if (req.method() != HttpMethod.DELETE) {
            return rest;
        }
        return HttpResponse.of(rest.aggregate().thenApply(RestResponseDecorator::noContentOnSuccess));
    }

    static boolean isFramedGrpc(HttpRequest req) {
        var contentType = req.contentType();
        var format = contentType == null ? null : SerializationFormat.find(contentType);
        return format != null && GrpcSerializationFormats.isGrpc(format);
    }

    private static HttpResponse noContentOnSuccess(AggregatedHttpResponse res) {
        if (res.status() != HttpStatus.OK) {
            return res.toHttpResponse();
        }
        ResponseHeaders headers = res.headers().toBuilder()
                .status(HttpStatus.NO_CONTENT)
                .removeAndThen(HttpHeaderNames.CONTENT_TYPE)
                .removeAndThen(HttpHeaderNames.CONTENT_LENGTH)
                .build();
        return HttpResponse.of(headers);
    }

    /**
     * The platform answers 201 to a create and 207 to a call of many messages; a gRPC method cannot
     * choose its HTTP status, so it asks with the response header {@value #STATUS}, honoured on success.
     */
    private static ResponseHeadersBuilder withAskedStatus(ResponseHeadersBuilder headers) {
        String asked = headers.get(STATUS);
        if (asked != null) {
            headers.remove(STATUS);
            if (headers.status() == HttpStatus.OK && (asked.equals("201") || asked.equals("207"))) {
                headers.status(HttpStatus.valueOf(Integer.parseInt(asked)));
            }
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
