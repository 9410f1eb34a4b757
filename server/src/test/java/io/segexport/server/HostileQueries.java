package io.segexport.server;

import static io.segexport.server.HostileCases.BATCH;
import static io.segexport.server.HostileCases.BATCH_FILES;
import static io.segexport.server.HostileCases.DATASETS;
import static io.segexport.server.HostileCases.DEFINITIONS;
import static io.segexport.server.HostileCases.ENTITIES;
import static io.segexport.server.HostileCases.FILES;
import static io.segexport.server.HostileCases.JOBS;
import static io.segexport.server.HostileCases.POLICIES;
import static io.segexport.server.HostileCases.SHORT_JOBS;
import static io.segexport.server.HostileRequests.request;
import static io.segexport.server.HostileRequests.rest;

import io.segexport.server.HostileCases.Case;
import io.segexport.server.HostileCases.World;
import java.util.List;
import java.util.Map;

/** The hostile-input cases on query parameters: hostile values and repeated parameters of every listing and lookup. */
final class HostileQueries {
    private HostileQueries() {}

    /** Hostile values of every query parameter of every listing and lookup. */
    static void queries(World world, List<Case> cases) {
        Map<String, List<String>> parameters = new java.util.LinkedHashMap<>();
        parameters.put(JOBS, List.of("limit", "offset", "status"));
        parameters.put(SHORT_JOBS, List.of("limit", "offset", "status"));
        parameters.put(DATASETS, List.of("limit", "start"));
        parameters.put(POLICIES, List.of("limit", "start"));
        parameters.put(DEFINITIONS, List.of("limit", "start"));
        parameters.put(BATCH_FILES + BATCH + "/files", List.of("limit"));
        parameters.put(FILES + BATCH, List.of("limit", "start"));
        List<String> limits = List.of(
                "abc",
                "",
                "-1",
                "0",
                "1001",
                "2147483648",
                "9223372036854775808",
                "1e3",
                "0x10",
                "%00",
                "1%00",
                "%D9%A1",
                "1.5",
                "99999999999999999999999999999");
        List<String> texts = List.of(
                "%00", "..", "x".repeat(2500), "%FF", "%0D%0AX-Injected:%201", "%C0%AE", "DONE%00", "a%2F..%2Fb");
        for (Map.Entry<String, List<String>> endpoint : parameters.entrySet()) {
            for (String parameter : endpoint.getValue()) {
                List<String> values = parameter.equals("limit") ? limits : texts;
                for (String value : values) {
                    if (!parameter.equals("limit") && endpoint.getKey().equals(FILES + BATCH) && value.equals("..")) {
                        continue;
                    }
                    String target = endpoint.getKey() + "?" + parameter + "=" + value;
                    String shown = value.length() > 40 ? value.length() + " x's" : value;
                    cases.add(new Case(
                            "queries: hostile parameter values",
                            "GET " + endpoint.getKey() + "?" + parameter + "=" + shown,
                            () -> rest(world, request(world, "GET", target), null)));
                }
            }
            cases.add(new Case(
                    "queries: repeated parameters",
                    "GET " + endpoint.getKey() + "?limit=1&limit=2",
                    () -> rest(world, request(world, "GET", endpoint.getKey() + "?limit=1&limit=2"), null)));
        }
        cases.add(new Case(
                "queries: repeated parameters",
                "GET " + ENTITIES + " entityId twice",
                () -> rest(
                        world,
                        request(
                                world,
                                "GET",
                                ENTITIES + "?entityId=ada@example.com&entityId=bob@example.com&entityIdNS=email"),
                        null)));
        cases.add(new Case(
                "queries: repeated parameters",
                "GET " + FILES + BATCH + " path twice",
                () -> rest(
                        world,
                        request(world, "GET", FILES + BATCH + "?path=part-00000.json&path=part-00000.json"),
                        null)));
        cases.add(new Case(
                "queries: hostile parameter values",
                "GET " + ENTITIES + " without entityId",
                () -> rest(world, request(world, "GET", ENTITIES + "?entityIdNS=email"), null)));
    }
}
