package io.segexport.server;

import static io.segexport.server.Exports.profile;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@value #COUNT} profiles made to be told apart by a definition, and the members of that definition
 * computed here from how they were made. Profile i: age i % 50 + 10, except every 7th (no age) and
 * every 11th (age as text); a city of three; opted in when even; a purchase a day ago for every 10th,
 * thirty days ago for the other 5th; nothing else.
 */
final class VariedProfiles {
    static final int COUNT = 120;
    /** Over attributes, a missing or mistyped one, and events in a window. */
    static final String DEFINITION = "age >= 30 and homeAddress.city in [\"Boston\", \"Austin\"]"
            + " and (optIn = true or xEvent.any(eventType = \"commerce.purchases\" and timestamp occurs <= 7 days before now))";

    private static final String[] CITIES = {"Boston", "Austin", "Denver"};

    private VariedProfiles() {}

    /** Ingests the profiles and their events into {@code dataSet}. */
    static void ingest(RestClient rest, String dataSet) {
        Instant now = Instant.now();
        List<String> profiles = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            String age = i % 7 == 0 ? "" : i % 11 == 0 ? "\"age\": \"thirty\", " : "\"age\": " + (i % 50 + 10) + ", ";
            profiles.add(profile(
                    email(i),
                    "",
                    age + "\"homeAddress\": {\"city\": \"" + CITIES[i % 3] + "\"}," + " \"optIn\": " + (i % 2 == 0)));
            if (i % 5 == 0) {
                Instant when = now.minus(i % 10 == 0 ? 1 : 30, ChronoUnit.DAYS);
                events.add("{\"identityMap\": {\"email\": [{\"id\": \"" + email(i) + "\"}]}, \"_id\": \"e" + i + "\","
                        + " \"eventType\": \"commerce.purchases\", \"timestamp\": \"" + when + "\"}");
            }
        }
        Exports.ingestProfiles(rest, dataSet, profiles.toArray(String[]::new));
        Exports.ingestEvents(rest, dataSet, events.toArray(String[]::new));
    }

    /** The emails of the profiles {@link #DEFINITION} selects. */
    static Set<String> members() {
        Set<String> members = new TreeSet<>();
        for (int i = 0; i < COUNT; i++) {
            boolean numericAge = i % 7 != 0 && i % 11 != 0;
            boolean recentPurchase = i % 10 == 0;
            if (numericAge && i % 50 + 10 >= 30 && i % 3 != 2 && (i % 2 == 0 || recentPurchase)) {
                members.add(email(i));
            }
        }
        return members;
    }

    private static String email(int i) {
        return "p" + i + "@x.com";
    }
}
