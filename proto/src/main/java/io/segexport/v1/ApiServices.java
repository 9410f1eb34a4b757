package io.segexport.v1;

import io.grpc.ServiceDescriptor;
import java.util.List;

/** Every service of the public API, for the faces that serve them all (the REST gateway). */
public final class ApiServices {
    private ApiServices() {}

    public static List<ServiceDescriptor> all() {
        return List.of(
                ExportJobServiceGrpc.getServiceDescriptor(),
                CatalogServiceGrpc.getServiceDescriptor(),
                MergePolicyServiceGrpc.getServiceDescriptor(),
                ProfileServiceGrpc.getServiceDescriptor(),
                DataAccessServiceGrpc.getServiceDescriptor(),
                BatchIngestionServiceGrpc.getServiceDescriptor(),
                CollectionServiceGrpc.getServiceDescriptor(),
                SegmentDefinitionServiceGrpc.getServiceDescriptor());
    }
}
