package io.segexport.gateway;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.linecorp.armeria.common.QueryParams;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import io.segexport.json.JsonFieldException;
import io.segexport.v1.ApiServices;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gateway's checks of a REST request (path parameters, query, body) for any method of the API:
 * any input ends in a JsonFieldException or IOException (a 400), never in anything else.
 */
class RestRequestValidatorFuzzTest {
    private static final List<MethodDescriptor> METHODS = new ArrayList<>();

    static {
        for (ServiceDescriptor service : ApiServices.all()) {
            METHODS.addAll(((ProtoServiceDescriptorSupplier) service.getSchemaDescriptor())
                    .getServiceDescriptor()
                    .getMethods());
        }
    }

    @FuzzTest
    void anyRequestIsCheckedOrRefusedNamingTheProblem(FuzzedDataProvider data) {
        MethodDescriptor method = METHODS.get(data.consumeInt(0, METHODS.size() - 1));
        HttpRule rule = method.getOptions().getExtension(AnnotationsProto.http);
        String pathParameter = method.getInputType().getFields().get(0).getName();
        Map<String, String> path = Map.of(pathParameter, data.consumeString(64));
        QueryParams query = QueryParams.fromQueryString(data.consumeString(256));
        byte[] body = data.consumeRemainingAsBytes();
        try {
            RestRequestValidator.check(
                    method.getInputType(), path, query, rule.getBody(), new ByteArrayInputStream(body));
        } catch (JsonFieldException | IOException e) {
            // The documented refusal: a 400 naming the parameter or field.
        }
    }
}
