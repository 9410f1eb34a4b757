package io.segexport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoggingDefaultsTest {
    private String before;

    @BeforeEach
    void clearTheProperty() {
        before = System.clearProperty(LoggingDefaults.PROPERTY);
    }

    @AfterEach
    void restoreTheProperty() {
        if (before == null) {
            System.clearProperty(LoggingDefaults.PROPERTY);
        } else {
            System.setProperty(LoggingDefaults.PROPERTY, before);
        }
    }

    @Test
    void withNoFileNamedLogbackIsPointedAtTheDefaults() {
        LoggingDefaults.apply();

        assertThat(System.getProperty(LoggingDefaults.PROPERTY)).isEqualTo(LoggingDefaults.RESOURCE);
    }

    @Test
    void aFileTheUserNamesWins() {
        System.setProperty(LoggingDefaults.PROPERTY, "/etc/segexport/logback.xml");

        LoggingDefaults.apply();

        assertThat(System.getProperty(LoggingDefaults.PROPERTY)).isEqualTo("/etc/segexport/logback.xml");
    }

    @Test
    void theDefaultsLogInfoWithTheFrameworksAtWarn() throws Exception {
        String xml;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(LoggingDefaults.RESOURCE)) {
            assertThat(in).as(LoggingDefaults.RESOURCE).isNotNull();
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(xml)
                .contains("<root level=\"INFO\">")
                .contains("<logger name=\"com.linecorp.armeria\" level=\"WARN\"/>")
                .contains("<logger name=\"io.netty\" level=\"WARN\"/>");
    }

    @Test
    void noJarOnTheGatewaysClassPathCarriesALogbackXml() throws Exception {
        assertThat(Collections.list(getClass().getClassLoader().getResources("logback.xml")))
                .isEmpty();
    }
}
