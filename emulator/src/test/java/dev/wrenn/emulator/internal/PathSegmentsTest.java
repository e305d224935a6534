package dev.wrenn.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PathSegmentsTest {

    @Test
    void segmentsAreDecodedOneByOneSoAnEncodedSlashStaysInside() {
        assertThat(PathSegments.of("/api/v1/capsules/cl-x/processes/a%2Fb%20c%25/stream?signal=SIGTERM"))
                .containsExactly("api", "v1", "capsules", "cl-x", "processes", "a/b c%", "stream");
    }

    @Test
    void percentEncodedUtf8IsDecodedAndPlusIsLiteral() {
        assertThat(PathSegments.of("/%CE%B1+%E2%82%AC")).containsExactly("α+€");
    }

    @Test
    void emptySegmentsAreKept() {
        assertThat(PathSegments.of("/api/v1/capsules/")).containsExactly("api", "v1", "capsules", "");
    }

    @Test
    void malformedEscapesAreRefused() {
        for (String path : new String[]{"/a%", "/a%2", "/a%zz"}) {
            assertThatThrownBy(() -> PathSegments.of(path)).as(path).isInstanceOf(ApiException.class);
        }
    }
}
