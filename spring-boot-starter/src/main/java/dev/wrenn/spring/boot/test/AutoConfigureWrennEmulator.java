package dev.wrenn.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * On a Spring test class (for example beside {@code @SpringBootTest}): the test's application context runs a
 * local Wrenn emulator and its {@code WrennClient} bean talks to it, as {@code wrenn.emulator.enabled=true}
 * does. Needs {@code dev.wrenn:wrenn-emulator} on the test class path.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@TestPropertySource(properties = "wrenn.emulator.enabled=true")
public @interface AutoConfigureWrennEmulator {
}
