package io.healthkey.backend.adapter.inbound.web;

import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * Lets controllers take the authenticated {@link io.healthkey.backend.domain.auth.Session} as a parameter, and marks
 * every {@link ApiRoutes#PROTECTED} operation in the OpenAPI document as needing the bearer token.
 */
@Configuration(proxyBeanMethods = false)
@SecurityScheme(name = WebConfiguration.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The token from POST /api/v1/auth/session")
class WebConfiguration implements WebFluxConfigurer {

    static final String BEARER = "bearer";

    @Override
    public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(new SessionArgumentResolver());
    }

    @Bean
    OpenApiCustomizer protectedOperationsNeedTheBearerToken() {
        return openApi -> openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach(
                (method, operation) -> {
                    if (ApiRoutes.PROTECTED.contains(method.name() + " " + path)) {
                        operation.setSecurity(java.util.List.of(new SecurityRequirement().addList(BEARER)));
                    }
                }));
    }
}
