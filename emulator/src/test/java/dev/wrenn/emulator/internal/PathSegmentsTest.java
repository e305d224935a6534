package dev.wrenn.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PathSegmentsTest {

    @Test
    void aPathInGosOwnEscapingIsRoutedDecoded() {
        assertThat(PathSegments.of("/api/v1/capsules/cl-x/processes/b%20c%25%CE%B1+/stream?signal=SIGTERM"))
                .containsExactly("api", "v1", "capsules", "cl-x", "processes", "b c%α+", "stream");
    }

    @Test
    void anyOtherEscapingIsRoutedStillEncoded() {
        assertThat(PathSegments.of("/p/a%2Fb%20c/stream")).containsExactly("p", "a%2Fb%20c", "stream");
        assertThat(PathSegments.of("/p/%41%20b")).containsExactly("p", "%41%20b");
        assertThat(PathSegments.of("/p/it's%20here")).containsExactly("p", "it's%20here");
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
