package io.healthkey.backend.adapter.inbound.web;

import java.util.stream.Stream;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

import io.healthkey.backend.application.auth.AuthenticateUseCase;

/**
 * Who may call what, decided on exactly what the router matches: every rule is a {@code PathPattern} matched
 * against the decoded path within the application, as the handler mappings match it, so {@code /%61pi/v1/access}
 * needs the same session as {@code /api/v1/access}. Before any rule, Spring Security's
 * {@link StrictServerWebExchangeFirewall} refuses what two parsers could read differently (encoded {@code /},
 * {@code .} or {@code %}, {@code ;} parameters, {@code //}, dot segments, backslashes, control characters) with
 * 400 {@code REQUEST-0008}.
 *
 * <p>Two chains. The actuator's ({@code /actuator/**}) takes the operator's tokens ({@link OperatorTokens}): health
 * and info are open (health shows details to role {@value OperatorTokens#OPERATOR} only, see application.yml),
 * Prometheus needs role {@value OperatorTokens#METRICS}. Everything else takes session tokens
 * ({@link SessionAuthentication}): the {@link ApiRoutes#PUBLIC} routes and the OpenAPI document are open, the
 * {@link ApiRoutes#PROTECTED} paths need a session, and anything not listed is closed to everyone. Both are
 * stateless: no server session, no saved request, no cookie. CORS stays with {@link CorsConfiguration}'s filter,
 * which runs before these chains and answers preflights itself.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class ApiSecurityConfiguration {

    static final String ACTUATOR = "/actuator/**";

    @Bean
    @Order(1)
    SecurityWebFilterChain actuatorSecurity(ServerHttpSecurity http, MetricsProperties operator,
            SecurityProblems problems) {
        return bearerTokens(http, problems, new OperatorTokens(operator), ServerWebExchangeMatchers.anyExchange(),
                "needs Authorization: Bearer <operator token> (healthkey.metrics.*, docs/OPERATIONS.md)")
                .securityMatcher(new PathPatternParserServerWebExchangeMatcher(ACTUATOR))
                .authorizeExchange(rules -> rules
                        .pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info")
                        .permitAll()
                        .pathMatchers(HttpMethod.GET, "/actuator/prometheus").hasRole(OperatorTokens.METRICS)
                        .anyExchange().denyAll())
                .build();
    }

    @Bean
    @Order(2)
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, AuthenticateUseCase authenticate,
            SecurityProblems problems) {
        ServerWebExchangeMatcher open = openRoutes();
        return bearerTokens(http, problems, SessionAuthentication.manager(authenticate),
                new NegatedServerWebExchangeMatcher(open),
                "this endpoint needs Authorization: Bearer <token> from POST /api/v1/auth/session")
                .authorizeExchange(rules -> rules
                        .matchers(open).permitAll()
                        // Any method: a wrong one on a protected path is the router's 405, after the session check.
                        .pathMatchers(ApiRoutes.PROTECTED.stream().map(ApiRoutes::path).distinct()
                                .toArray(String[]::new)).authenticated()
                        .anyExchange().denyAll())
                .build();
    }

    /**
     * The strict default, but with any method let through (its default refuses TRACE and non-standard ones such as
     * QUERY): a method a route does not declare is the router's {@code 405} with {@code Allow}, as RFC 9110 and API
     * clients expect. The router answers only the methods the controllers declare, and nothing here echoes a TRACE.
     */
    @Bean
    ServerWebExchangeFirewall strictFirewall() {
        StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
        firewall.setUnsafeAllowAnyHttpMethod(true);
        return firewall;
    }

    /**
     * The paths of the public routes, whatever the method (no path is public for one method and protected for
     * another: a test checks it), so that a method a public route does not declare is the router's 405 with
     * {@code Allow}, not a refusal; and the OpenAPI document and the web app's files with GET.
     */
    private static ServerWebExchangeMatcher openRoutes() {
        var routes = ApiRoutes.PUBLIC.stream()
                .<ServerWebExchangeMatcher>map(route -> new PathPatternParserServerWebExchangeMatcher(
                        ApiRoutes.path(route)));
        var documentation = Stream.concat(ApiRoutes.DOCUMENTATION.stream(), ApiRoutes.WEB_APP.stream())
                .<ServerWebExchangeMatcher>map(path -> new PathPatternParserServerWebExchangeMatcher(path, HttpMethod.GET));
        return new OrServerWebExchangeMatcher(Stream.concat(routes, documentation).toList());
    }

    /**
     * A stateless chain that reads a bearer token where {@code where} matches and authenticates it with
     * {@code manager}; no token is answered 401 {@code AUTH-0010} with {@code missing} as the detail. No form,
     * basic or logout endpoints; no server-side security context or saved request. CSRF protection is off because
     * it has nothing to protect: credentials are bearer tokens a client puts in a header itself, never cookies a
     * browser would attach to a cross-site request on its own.
     */
    private static ServerHttpSecurity bearerTokens(ServerHttpSecurity http, SecurityProblems problems,
            ReactiveAuthenticationManager manager, ServerWebExchangeMatcher where, String missing) {
        ServerAuthenticationEntryPoint entryPoint = problems.entryPoint(missing);
        AuthenticationWebFilter authentication = new AuthenticationWebFilter(manager);
        authentication.setServerAuthenticationConverter(new BearerTokenConverter());
        authentication.setRequiresAuthenticationMatcher(where);
        authentication.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(entryPoint));
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .exceptionHandling(failures -> failures.authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(problems))
                .addFilterAt(authentication, SecurityWebFiltersOrder.AUTHENTICATION);
    }
}
