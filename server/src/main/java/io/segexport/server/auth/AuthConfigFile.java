package io.segexport.server.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON file of {@code --auth-config}: an object of {@link AuthSetting}s, read into an
 * {@link AuthConfig.Builder}. Each refusal names the file and, where one is at fault, the setting.
 */
public final class AuthConfigFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final String where;
    /** Relative paths in the file are resolved against its folder. */
    private final Path folder;

    private AuthConfigFile(Path file) {
        this.where = "--auth-config " + file;
        this.folder = file.toAbsolutePath().getParent();
    }

    /** A builder holding the settings of this file; relative paths in it are resolved against its folder. */
    public static AuthConfig.Builder read(Path file) {
        AuthConfigFile config = new AuthConfigFile(file);
        AuthConfig.Builder builder = AuthConfig.builder();
        for (Map.Entry<String, JsonNode> entry : config.root(file).properties()) {
            AuthSetting setting = AuthSetting.ofJsonName(entry.getKey())
                    .orElseThrow(() -> config.refused("unknown setting \"" + entry.getKey() + "\" (the settings are "
                            + AuthSetting.jsonNames() + ")"));
            config.apply(builder, setting, entry.getValue());
        }
        return builder;
    }

    private JsonNode root(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw refused("cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw refused("is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null
                            ? " (line " + e.getLocation().getLineNr() + ", column "
                                    + e.getLocation().getColumnNr() + ")"
                            : ""));
        }
        if (root == null || !root.isObject()) {
            throw refused("must hold a JSON object of settings (" + AuthSetting.jsonNames() + ")");
        }
        return root;
    }

    /** Sets {@code setting} to {@code value}; a switch over every setting, so that a new one cannot be left unread. */
    private AuthConfig.Builder apply(AuthConfig.Builder builder, AuthSetting setting, JsonNode value) {
        String name = setting.jsonName();
        return switch (setting) {
            case ISSUER -> builder.issuer(text(name, value));
            case AUDIENCE -> builder.audience(text(name, value));
            case JWKS_FILE -> builder.jwksFile(folder.resolve(text(name, value)));
            case JWKS_URL -> builder.jwksUrl(text(name, value));
            case HS256_SECRET -> builder.hs256Secret(text(name, value));
            case ORGS_CLAIM -> builder.orgsClaim(text(name, value));
            case CLOCK_SKEW -> builder.clockSkew(seconds(name, value));
            case JWKS_CACHE_TIME -> builder.jwksCacheTime(seconds(name, value));
            case JWKS_MIN_REFETCH_INTERVAL -> builder.jwksMinRefetchInterval(seconds(name, value));
            case API_KEYS -> builder.addApiKeys(texts(name, value));
        };
    }

    private String text(String name, JsonNode value) {
        if (!value.isTextual()) {
            throw refused("\"" + name + "\" must be a string, not " + kind(value));
        }
        return value.textValue();
    }

    private List<String> texts(String name, JsonNode value) {
        if (!value.isArray()) {
            throw refused("\"" + name + "\" must be an array of strings");
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            texts.add(text(name + "[" + i + "]", value.get(i)));
        }
        return texts;
    }

    private Duration seconds(String name, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw refused("\"" + name + "\" must be a whole number of seconds, not " + kind(value));
        }
        return Duration.ofSeconds(value.longValue());
    }

    private static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private AuthConfigException refused(String why) {
        return new AuthConfigException(where + ": " + why);
    }
}
