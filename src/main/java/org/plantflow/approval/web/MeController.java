package org.plantflow.approval.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.plantflow.approval.Actor;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the host's {@link ActorResolver} says is calling: the approver pages show it. 401 when nobody is signed in. */
@RestController
class MeController {
    private final Callers callers;

    MeController(Callers callers) {
        this.callers = callers;
    }

    /** @param admin whether the caller has the administrators' role ({@code plantflow.api.admin-role}) */
    record Me(String user, List<String> roles, boolean admin) {
    }

    @GetMapping(path = Api.BASE + "/me", produces = MediaType.APPLICATION_JSON_VALUE)
    Me me(HttpServletRequest request) {
        Actor actor = callers.actor(request);
        return new Me(actor.user(), actor.roles().stream().sorted().toList(), callers.isAdmin(actor));
    }
}
