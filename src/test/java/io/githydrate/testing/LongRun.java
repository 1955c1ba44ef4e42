package io.githydrate.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test that takes many seconds by design (gigabytes streamed, a hundred-megabyte database):
 * {@code mvn test} leaves it out, so that the unit phase stays a quick loop, and {@code mvn verify}
 * runs it (the {@code long-runs} execution of failsafe in pom.xml, which selects the tag
 * {@code long-run}). The test stays beside the others of its class and uses their helpers.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("long-run")
public @interface LongRun {}
