package org.plantflow.approval.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.plantflow.approval.ApprovalException;
import org.plantflow.approval.TaskNotOpenException;
import org.plantflow.approval.TaskStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

class ProblemAdviceTest {
    @Test
    void a_detail_named_like_a_problem_member_does_not_overwrite_the_http_status_in_the_body() throws Exception {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn("POST");
        when(request.getRequestURI()).thenReturn("/plantflow/api/tasks/5/pass");
        TaskNotOpenException closed = new TaskNotOpenException(ApprovalException.Subject.task(5).withUser("wang.manager"),
                TaskStatus.COMPLETED, "task 5 at node 'review' of instance 1 is already COMPLETED by li.manager");

        ProblemDetail problem = new ProblemAdvice().approval(closed, request).getBody();

        ObjectMapper json = Jackson2ObjectMapperBuilder.json().build(); // as Spring MVC writes a ProblemDetail
        JsonNode body = json.readTree(json.writeValueAsString(problem));
        assertThat(body.get("status").asInt()).isEqualTo(409);
        assertThat(body.get("taskStatus").asText()).isEqualTo("COMPLETED");
        assertThat(body.get("taskId").asLong()).isEqualTo(5);
        assertThat(body.get("error").asText()).isEqualTo("TaskNotOpenException");
    }
}
