package org.plantflow.approval.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.plantflow.approval.Actor;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

/** The signed-in user of Spring Security as the REST API's caller. */
class SpringSecurityActorResolverTest {

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private static void signIn(String user, String... authorities) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                user, "n/a", AuthorityUtils.createAuthorityList(authorities)));
    }

    @Test
    void the_signed_in_user_acts_with_the_authorities_that_carry_the_role_prefix_as_roles() {
        signIn("wang.manager", "ROLE_fuel_manager", "ROLE_plantflow_admin", "SCOPE_read", "ROLE_");
        assertThat(new SpringSecurityActorResolver("ROLE_").resolve(new MockHttpServletRequest()))
                .isEqualTo(Actor.of("wang.manager", "fuel_manager", "plantflow_admin"));
    }

    @Test
    void an_empty_prefix_takes_every_authority_as_a_role() {
        signIn("wang.manager", "fuel_manager", "SCOPE_read");
        assertThat(new SpringSecurityActorResolver("").resolve(new MockHttpServletRequest()).roles())
                .containsExactlyInAnyOrder("fuel_manager", "SCOPE_read");
    }

    @Test
    void nobody_signed_in_or_an_anonymous_user_is_nobody() {
        SpringSecurityActorResolver resolver = new SpringSecurityActorResolver("ROLE_");
        assertThat(resolver.resolve(new MockHttpServletRequest())).isNull();
        SecurityContextHolder.getContext().setAuthentication(new AnonymousAuthenticationToken("k", "anonymousUser",
                List.copyOf(AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"))));
        assertThat(resolver.resolve(new MockHttpServletRequest())).isNull();
    }
}
