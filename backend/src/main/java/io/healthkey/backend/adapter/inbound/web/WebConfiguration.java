package io.healthkey.backend.adapter.inbound.web;

import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

import io.healthkey.backend.adapter.inbound.web.openapi.ApiDocumentCustomizer;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemCatalog;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponsesCustomizer;

/**
 * Lets controllers take the authenticated {@link io.healthkey.backend.domain.auth.Session} as a parameter, and makes
 * the OpenAPI document exact (adapter/inbound/web/openapi): the bearer token on every {@link ApiRoutes#PROTECTED}
 * operation, every problem+json answer with its codes, as {@link ProblemDetails} answers them.
 */
@Configuration(proxyBeanMethods = false)
@SecurityScheme(name = ApiDocumentCustomizer.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The token from POST /api/v1/auth/session")
class WebConfiguration implements WebFluxConfigurer {

    @Override
    public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(new SessionArgumentResolver());
    }

    @Bean
    OperationCustomizer problemResponses() {
        return new ProblemResponsesCustomizer();
    }

    @Bean
    OpenApiCustomizer apiDocument() {
        return new ApiDocumentCustomizer(ApiRoutes.PROTECTED::contains,
                new ProblemCatalog(ProblemDetails::statusOf, ProblemDetails.INTERNAL_CODE));
    }
}
