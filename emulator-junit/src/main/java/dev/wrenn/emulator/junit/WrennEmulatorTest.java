package dev.wrenn.emulator.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class with a {@link WrennEmulatorExtension} in its default settings: one emulator per
 * test class, with all of the emulator's and the client's defaults. Test and lifecycle methods (including
 * {@code @BeforeAll}) can then declare parameters of type {@link dev.wrenn.emulator.WrennEmulator},
 * {@link dev.wrenn.client.WrennClient} and {@link dev.wrenn.client.Capsule}.
 *
 * <pre>{@code
 * @WrennEmulatorTest
 * class JobTest {
 *     @Test
 *     void printsHello(WrennClient client, Capsule capsule) {
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>For other settings (an emulator per test, emulator or client options), register the extension with
 * {@code @RegisterExtension} and {@link WrennEmulatorExtension#builder()} instead; do not use both on one class.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(WrennEmulatorExtension.class)
public @interface WrennEmulatorTest {
}
