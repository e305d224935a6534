package dev.wrenn.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessSelectorTest {

    @Test
    void asciiDigitsThatFitInAUint32AreAPid() {
        assertThat(ProcessSelector.parse("42")).isEqualTo(new ProcessSelector(42, null));
        assertThat(ProcessSelector.parse("0042")).isEqualTo(new ProcessSelector(42, null));
        assertThat(ProcessSelector.parse("00000000000042")).isEqualTo(new ProcessSelector(42, null));
        assertThat(ProcessSelector.parse("0")).isEqualTo(new ProcessSelector(0, null));
        assertThat(ProcessSelector.parse("4294967295")).isEqualTo(new ProcessSelector(4_294_967_295L, null));
    }

    @Test
    void anythingElseIsATag() {
        for (String tag : new String[]{"4294967296", "99999999999999999999", "-1", "+1", "1e3", " 1", "٣", "web", "a/b"}) {
            assertThat(ProcessSelector.parse(tag)).as(tag).isEqualTo(new ProcessSelector(-1, tag));
        }
    }

    @Test
    void notFoundMessagesUseTheDaemonsWordingWithTheTagUnquoted() {
        assertThat(ProcessSelector.parse("42").notFoundMessage()).isEqualTo("process with pid 42 not found");
        assertThat(ProcessSelector.parse("web").notFoundMessage()).isEqualTo("process with tag web not found");
        assertThat(ProcessSelector.parse("a \"b\"").notFoundMessage()).isEqualTo("process with tag a \"b\" not found");
    }
}
