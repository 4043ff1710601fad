package org.plantflow.approval.web;

import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.servlet.http.HttpServletRequest;

import org.plantflow.approval.ApprovalException;
import org.plantflow.approval.ConflictException;
import org.plantflow.approval.DatabaseUnavailableException;
import org.plantflow.approval.DecisionException;
import org.plantflow.approval.IllegalOperationException;
import org.plantflow.approval.InvalidInputException;
import org.plantflow.approval.NotAuthorizedException;
import org.plantflow.approval.NotFoundException;
import org.plantflow.approval.RulesInvalidException;
import org.plantflow.approval.TemplateInvalidException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors of the plantflow controllers (and only theirs) as {@code application/problem+json} (RFC 9457): the exception's
 * message as {@code detail}, its class as {@code error}, and its ids ({@link ApprovalException#details()}) as fields of
 * the problem. Never a stack trace: an unexpected error is logged and answered with 500 and no internals. It applies to
 * the plantflow controllers only and comes before the host's advice, so a host's catch-all handler does not change
 * the API's documented errors.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(basePackageClasses = ProblemAdvice.class)
class ProblemAdvice extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    /** RFC 9457's members and the API's {@code error}: an exception's details never take these names. */
    private static final java.util.Set<String> PROBLEM_MEMBERS = java.util.Set.of("type", "title", "status", "detail",
            "instance", "error");

    static HttpStatus statusOf(ApprovalException e) {
        if (e instanceof NotFoundException) {
            return HttpStatus.NOT_FOUND;
        } else if (e instanceof NotAuthorizedException) {
            return HttpStatus.FORBIDDEN;
        } else if (e instanceof ConflictException || e instanceof IllegalOperationException) {
            return HttpStatus.CONFLICT;
        } else if (e instanceof TemplateInvalidException || e instanceof RulesInvalidException
                || e instanceof DecisionException) {
            return HttpStatus.UNPROCESSABLE_ENTITY;
        } else if (e instanceof InvalidInputException) {
            return HttpStatus.BAD_REQUEST;
        } else if (e instanceof DatabaseUnavailableException) {
            return HttpStatus.SERVICE_UNAVAILABLE;
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }

    @ExceptionHandler(ApprovalException.class)
    ResponseEntity<ProblemDetail> approval(ApprovalException e, HttpServletRequest request) {
        HttpStatus status = statusOf(e);
        if (status.is5xxServerError()) {
            log.error("plantflow API {} {} failed", request.getMethod(), request.getRequestURI(), e);
        }
        ProblemDetail problem = problem(status, e.getMessage(), e.getClass().getSimpleName());
        // a detail named like a member of the problem itself (TaskNotOpenException's "status") would overwrite it
        e.details().forEach((name, value) -> problem.setProperty(PROBLEM_MEMBERS.contains(name)
                ? "subject" + Character.toUpperCase(name.charAt(0)) + name.substring(1) : name, value));
        if (e instanceof TemplateInvalidException t) {
            problem.setProperty("problems", t.problems());
        } else if (e instanceof RulesInvalidException r) {
            problem.setProperty("problems", r.problems());
        }
        return respond(problem);
    }

    @ExceptionHandler(NotSignedInException.class)
    ResponseEntity<ProblemDetail> notSignedIn(NotSignedInException e) {
        return respond(problem(HttpStatus.UNAUTHORIZED, e.getMessage(), "NotSignedIn"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("plantflow API {} {} failed", request.getMethod(), request.getRequestURI(), e);
        return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "the request failed unexpectedly; the server log has the error", "InternalError"));
    }

    /** Malformed JSON, a missing body, or a value of the wrong type: 400 naming the field when there is one. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ProblemDetail problem;
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            problem = problem(HttpStatus.BAD_REQUEST, "field '" + field + "' has a value of the wrong type: "
                    + m.getOriginalMessage(), "InvalidInputException");
            problem.setProperty("field", field);
        } else if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException p) {
            problem = problem(HttpStatus.BAD_REQUEST, "the request body is not valid JSON: " + p.getOriginalMessage(),
                    "InvalidInputException");
            problem.setProperty("field", "body");
        } else {
            problem = problem(HttpStatus.BAD_REQUEST, "the request body is missing or unreadable: send a JSON object",
                    "InvalidInputException");
            problem.setProperty("field", "body");
        }
        return new ResponseEntity<>(problem, problemHeaders(), HttpStatus.BAD_REQUEST);
    }

    /** A path variable or parameter that is not a number, for instance: 400 naming it. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String field = e.getPropertyName();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "'" + field + "' must be a "
                + (e.getRequiredType() == null ? "different value" : e.getRequiredType().getSimpleName())
                + ", not '" + e.getValue() + "'", "InvalidInputException");
        problem.setProperty("field", field);
        return new ResponseEntity<>(problem, problemHeaders(), HttpStatus.BAD_REQUEST);
    }

    private static ProblemDetail problem(HttpStatus status, String detail, String error) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("error", error);
        return problem;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).headers(problemHeaders()).body(problem);
    }

    private static HttpHeaders problemHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return headers;
    }
}
