package org.plantflow.approval;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The approval engine: deploy templates, start instances, pass and return tasks, read history.
 * Build one with {@link #builder()} (plain Java) or import {@code org.plantflow.approval.spring.PlantflowConfiguration}
 * (Spring). Thread-safe; every call is one transaction (inside a Spring transaction it joins it). Every method may
 * also throw {@link DatabaseUnavailableException} when the database cannot be reached (outside Spring), and
 * {@link InvalidInputException} for an argument over its {@link Limits} or holding a NUL character.
 * <p>
 * Every exception is an {@link ApprovalException} carrying the ids it is about as fields ({@link ApprovalException#details()});
 * arguments are checked against {@link Limits} before anything is read or written ({@link InvalidInputException}).
 */
public interface ApprovalEngine extends AutoCloseable {

    static ApprovalEngineBuilder builder() {
        return new ApprovalEngineBuilder();
    }

    /**
     * Checks template files without deploying them.
     *
     * @return every problem found in every file, errors and warnings ({@link ValidationProblem#isError()});
     *         a file is valid when none of its problems is an error
     */
    List<ValidationProblem> validate(Collection<Path> files);

    /**
     * Deploys one BPMN template file: stores a new version unless identical content is already the latest
     * version of its key.
     *
     * @throws TemplateInvalidException with every problem when the file is not a valid template, or when its
     *                                   {@code approval:facts} names a statement no mapper defines
     */
    DeployedTemplate deploy(Path file);

    /**
     * Deploys BPMN content read from elsewhere.
     *
     * @param sourceName the name problems are reported under (usually the file name)
     * @throws TemplateInvalidException with every problem when the content is not a valid template
     */
    DeployedTemplate deploy(String sourceName, byte[] bpmnXml);

    /** Deploys the templates packaged with the engine (or the host's templates folder, when configured). */
    List<DeployedTemplate> deployBuiltInTemplates();

    /**
     * Starts an instance of the latest version of a template.
     *
     * @param variables become facts the rules can match on; values: strings, numbers, booleans
     * @throws InvalidInputException            a blank key or initiator, one longer than its {@link Limits}, a NUL
     *                                          character, a variable that is not a string, number or boolean
     * @throws NotFoundException                when no template has this key
     * @throws InstanceAlreadyRunningException  when an instance for this template and business key is running
     * @throws DecisionException                when the rules cannot route from the start node
     */
    InstanceView start(String templateKey, String businessKey, String initiator, Map<String, Object> variables);

    /**
     * Passes (通过) a task and moves the instance on as the routing rules decide.
     *
     * @throws InvalidInputException    a null actor, a user or role longer than its {@link Limits}, a comment over
     *                                  {@link Limits#COMMENT} characters, a NUL character
     * @throws NotFoundException        unknown task id
     * @throws NotAuthorizedException   the rules do not let this actor act on the task
     * @throws TaskNotOpenException     the task was already passed, returned or cancelled
     * @throws OptimisticLockException  a concurrent call changed the task or instance first
     * @throws DecisionException        the rules gave no answer or contradicting answers
     */
    InstanceView pass(long taskId, Actor actor, String comment);

    /**
     * Returns (退回) a task to the previous manual node on the path taken, as the return rules decide.
     *
     * @throws IllegalOperationException when there is no earlier manual node to return to
     * @see #pass(long, Actor, String) for the other exceptions
     */
    InstanceView returnTask(long taskId, Actor actor, String comment);

    /**
     * Returns a task to a chosen earlier node on the path this task was reached by.
     *
     * @throws IllegalOperationException when {@code targetNode} is not on that path
     * @throws InvalidInputException     when {@code targetNode} is null, blank or longer than {@link Limits#NODE_ID}
     * @see #pass(long, Actor, String) for the other exceptions
     */
    InstanceView returnTask(long taskId, Actor actor, String comment, String targetNode);

    /**
     * Runs the actions of the instance's failed automatic nodes again; on success the instance moves on.
     *
     * @throws NotFoundException         unknown instance id
     * @throws IllegalOperationException the instance has no failed automatic node
     */
    InstanceView retry(long instanceId);

    /**
     * Acts on the tasks overdue at {@code asOf} as the deadline rules decide (remind, auto-pass, auto-return,
     * escalate, fail the vote). Several engines may sweep one database: each overdue task is claimed by
     * exactly one of them and acted on once. Reminders and escalations reach the listeners after commit.
     * The engine also sweeps by itself every {@code sweepInterval} (default 30 s, as of its clock); calling this
     * is for hosts that turned that off ({@code Duration.ZERO}) or drive the clock themselves.
     */
    SweepResult sweep(java.time.Instant asOf);

    /**
     * Open tasks offered to this user directly or through one of these roles, oldest first.
     *
     * @throws InvalidInputException a blank user, a user or role longer than its {@link Limits}, more than
     *                               {@link Limits#ROLES_PER_QUERY} roles, a NUL character
     */
    List<TaskView> pendingTasks(String user, Collection<String> roles);

    /**
     * @throws NotFoundException unknown instance id
     */
    InstanceView instance(long instanceId);

    /**
     * The complete execution history of an instance, in order.
     *
     * @throws NotFoundException unknown instance id
     */
    List<HistoryEntry> history(long instanceId);

    /**
     * Why a history entry came out as it did: the decisions the rules took in its call, the rules that fired on which
     * fact values, and what they decided ({@link Explanation#text()} in words).
     *
     * @throws NotFoundException unknown history entry id
     */
    Explanation explain(long historyEntryId);

    /** Every deployed template version, ordered by key and version (without their XML). */
    List<TemplateVersion> templates();

    /**
     * One deployed template version with its BPMN XML exactly as deployed.
     *
     * @throws NotFoundException     the key has no such version
     * @throws InvalidInputException a blank key or one longer than {@link Limits#TEMPLATE_KEY}
     */
    TemplateSource template(String templateKey, int version);

    /**
     * Instances matching the query's filters, newest first, one page of them with the total count.
     *
     * @throws InvalidInputException a null query, a negative page, a size outside 1 to {@link InstanceQuery#MAX_SIZE},
     *                               a filter over its {@link Limits}
     */
    InstancePage instances(InstanceQuery query);

    /**
     * What the instance did on its template's diagram: the version's BPMN XML, the nodes executed, the flows taken as
     * the rules decided them, where it stands now, and each node's history rows. See {@link InstanceDiagram}.
     *
     * @throws NotFoundException unknown instance id
     */
    InstanceDiagram diagram(long instanceId);

    /**
     * A task (any status) with its instance's business facts (the template's {@code approval:facts} rows, read now) and
     * the nodes it may be returned to. See {@link TaskContext}.
     *
     * @throws NotFoundException unknown task id
     */
    TaskContext taskContext(long taskId);

    /**
     * Activates the rules folder as it is now, after checking it: it must compile, name only nodes and flows of the
     * template versions it serves (the latest and those with running instances), hold every row of its scenario
     * tables, and decide the most recent recorded decisions of each template whose rules changed without throwing
     * (decisions that now come out differently are reported). The activation is recorded; decisions from now on name it.
     *
     * @return the recorded activation: its id, file checksums, warnings, decisions replayed and those now decided differently
     * @throws RulesInvalidException with every problem (file, line, rule: what is wrong); the rules active before keep serving
     */
    RulesActivation reloadRules();

    /**
     * How the engine is doing: the database answers, which rules decide, decisions taken and their time, the
     * automatic sweeper's last sweep, overdue open tasks. Never throws for an unreachable database: it says so.
     */
    EngineStatus status();

    /** The activation of the rules that decide now (made at engine start, or by the last {@link #reloadRules()}). */
    RulesActivation activeRules();

    /**
     * What the rules in a folder would have decided differently: every recorded decision of a template within the
     * scope re-evaluated with them (the question, the facts it saw, the template version's nodes and flows), compared
     * with what was decided. History rows written before decision records are counted and named, not guessed.
     * Reads only: nothing is changed, the engine's own rules stay active.
     *
     * @throws RulesInvalidException the folder's rules do not compile (every error, with file and line)
     * @throws InvalidInputException a null folder, template key or scope
     * @throws ApprovalException     the folder does not exist
     */
    RuleImpact impact(java.nio.file.Path rulesDirectory, String templateKey, ImpactScope scope);

    /**
     * Stops the automatic sweeper (a running sweep finishes the tasks it claimed) and releases the connection pool
     * when the engine created one; never closes a host's DataSource.
     */
    @Override
    void close();
}
