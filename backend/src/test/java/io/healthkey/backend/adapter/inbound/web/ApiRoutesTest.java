package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every route a controller maps has been put in exactly one of public and protected; a route in neither is closed to
 * everyone. The controllers all live in this package.
 */
class ApiRoutesTest {

    static Set<String> mappedRoutes() {
        Set<String> routes = new HashSet<>();
        for (JavaClass javaClass : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.healthkey.backend.adapter.inbound.web")) {
            Class<?> type = javaClass.reflect();
            if (!type.isAnnotationPresent(RestController.class)) {
                continue;
            }
            RequestMapping base = AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
            String prefix = base == null || base.path().length == 0 ? "" : base.path()[0];
            for (Method method : type.getDeclaredMethods()) {
                RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
                if (mapping == null) {
                    continue;
                }
                for (var verb : mapping.method()) {
                    for (String path : mapping.path().length == 0 ? new String[] {""} : mapping.path()) {
                        routes.add(verb.name() + " " + prefix + path);
                    }
                }
            }
        }
        return routes;
    }

    @Test
    void everyMappedRouteIsClassifiedExactlyOnce() {
        Set<String> mapped = mappedRoutes();
        Set<String> classified = new HashSet<>();
        classified.addAll(ApiRoutes.PUBLIC);
        classified.addAll(ApiRoutes.PROTECTED);

        assertThat(mapped).contains("GET /api/v1/me", "POST /api/v1/auth/session");
        assertThat(classified).as("each route in one set only").hasSize(
                ApiRoutes.PUBLIC.size() + ApiRoutes.PROTECTED.size());
        assertThat(classified).containsExactlyInAnyOrderElementsOf(mapped);
    }
}
