package io.healthkey.backend.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The backend on a random port against the shared {@link LocalStack}. Suites that use it declare
 * {@code @DynamicPropertySource static void stack(DynamicPropertyRegistry r) { LocalStack.shared().register(r); }}
 * — or extend {@link BackendITSupport}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LocalStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
public @interface BackendIT {
}
