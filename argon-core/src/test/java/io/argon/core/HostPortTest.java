package io.argon.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {

    @Test
    void parsesHostAndPort() {
        assertThat(HostPort.parse("example.com:8000")).isEqualTo(new HostPort("example.com", 8000));
        assertThat(HostPort.parse("10.1.2.3:1")).isEqualTo(new HostPort("10.1.2.3", 1));
        assertThat(HostPort.parse("localhost:0")).isEqualTo(new HostPort("localhost", 0));
        assertThat(HostPort.parse("localhost:65535").port()).isEqualTo(65535);
    }

    @Test
    void parsesABracketedIpv6Address() {
        HostPort parsed = HostPort.parse("[::1]:9000");
        assertThat(parsed.host()).isEqualTo("::1");
        assertThat(parsed.port()).isEqualTo(9000);
        assertThat(HostPort.parse("[fe80::1:2]:80")).isEqualTo(new HostPort("fe80::1:2", 80));
    }

    @Test
    void anEmptyHostMeansLoopback() {
        assertThat(HostPort.parse(":8000")).isEqualTo(new HostPort("127.0.0.1", 8000));
    }

    @Test
    void toStringBracketsIpv6AndParsesBack() {
        assertThat(new HostPort("::1", 9000)).hasToString("[::1]:9000");
        assertThat(new HostPort("example.com", 80)).hasToString("example.com:80");
        for (String text : new String[] {"[::1]:9000", "example.com:80", "127.0.0.1:8000", "[2001:db8::7]:1"}) {
            assertThat(HostPort.parse(text)).hasToString(text);
            assertThat(HostPort.parse(HostPort.parse(text).toString())).isEqualTo(HostPort.parse(text));
        }
    }

    @Test
    void aHostAloneMeansTheDefaultPort() {
        assertThat(HostPort.parse("example.com")).isEqualTo(new HostPort("example.com", 8000));
        assertThat(HostPort.parse("127.0.0.1")).isEqualTo(new HostPort("127.0.0.1", 8000));
        assertThat(HostPort.parse("[::1]")).isEqualTo(new HostPort("::1", 8000));
        assertThat(HostPort.parse("fe80::1")).isEqualTo(new HostPort("fe80::1", 8000));
        assertThatThrownBy(() -> HostPort.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAMissingOrNonNumericPort() {
        assertThatThrownBy(() -> HostPort.parse("example.com:"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no numeric port");
        assertThatThrownBy(() -> HostPort.parse("example.com:http"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no numeric port");
    }

    @Test
    void refusesAPortOutOfRange() {
        assertThatThrownBy(() -> HostPort.parse("example.com:65536"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536");
        assertThatThrownBy(() -> HostPort.parse("example.com:-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostPort.parse("example.com:99999999999")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAnEmptyHost() {
        assertThatThrownBy(() -> new HostPort("", 80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostPort(" ", 80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostPort(null, 80)).isInstanceOf(IllegalArgumentException.class);
    }
}
