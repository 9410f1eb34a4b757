package io.segexport.server.auth;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The settings of the {@code --auth-config} file, each by its JSON name and the flag that overrides
 * it, if any: the one table the file's parser, the flags and the messages naming a setting come from.
 */
public enum AuthSetting {
    ISSUER("issuer", Flag.ISSUER),
    AUDIENCE("audience", Flag.AUDIENCE),
    JWKS_FILE("jwksFile", Flag.JWKS_FILE),
    JWKS_URL("jwksUrl", Flag.JWKS_URL),
    HS256_SECRET("hs256Secret", Flag.HS256_SECRET_FILE),
    ORGS_CLAIM("orgsClaim", null),
    CLOCK_SKEW("clockSkewSeconds", null),
    JWKS_CACHE_TIME("jwksCacheSeconds", null),
    JWKS_MIN_REFETCH_INTERVAL("jwksMinRefetchSeconds", null),
    API_KEYS("apiKeys", Flag.REGISTERED_API_KEY);

    /** The flags, as constants so that the command line's annotations can name them. */
    public static final class Flag {
        public static final String ISSUER = "--jwt-issuer";
        public static final String AUDIENCE = "--jwt-audience";
        public static final String JWKS_FILE = "--jwks-file";
        public static final String JWKS_URL = "--jwks-url";
        public static final String HS256_SECRET_FILE = "--jwt-hs256-secret-file";
        public static final String REGISTERED_API_KEY = "--registered-api-key";

        private Flag() {}
    }

    private final String jsonName;
    private final String flag;

    AuthSetting(String jsonName, String flag) {
        this.jsonName = jsonName;
        this.flag = flag;
    }

    /** The setting's name in the file. */
    public String jsonName() {
        return jsonName;
    }

    /** The flag that overrides the setting, if there is one. */
    public Optional<String> flag() {
        return Optional.ofNullable(flag);
    }

    /** The setting as messages name it, as the file and the flags spell it: {@code "jwksFile" (--jwks-file)}. */
    public String named() {
        return "\"" + jsonName + "\"" + (flag != null ? " (" + flag + ")" : "");
    }

    /** The setting the file names {@code jsonName}, if any. */
    static Optional<AuthSetting> ofJsonName(String jsonName) {
        return Arrays.stream(values())
                .filter(setting -> setting.jsonName.equals(jsonName))
                .findFirst();
    }

    /** Every setting's JSON name, in order, for messages listing them. */
    static String jsonNames() {
        return Arrays.stream(values()).map(AuthSetting::jsonName).collect(Collectors.joining(", "));
    }
}
