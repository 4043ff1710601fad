// Message tables: every visible label of the pages, in zh-CN and en. Node and template names are not translated:
// they are shown as written in the template.
export const LANGUAGES = ['zh-CN', 'en'];

const MESSAGES = {
  'zh-CN': {
    appName: 'plantflow 审批',
    language: '语言',
    user: '用户',
    roles: '角色',
    rolesHint: '多个角色用逗号分隔',
    apply: '切换',
    signedInAs: '当前用户',
    navMain: '主导航',
    skipToContent: '跳到正文',
    navTasks: '我的待办',
    navStarted: '我发起的',
    loading: '加载中…',
    tasksTitle: '我的待办',
    search: '按业务编号搜索',
    templateFilter: '流程模板',
    allTemplates: '全部模板',
    colTemplate: '流程模板',
    colBusinessKey: '业务编号',
    colNode: '当前节点',
    colHistoryNode: '节点',
    colOfferedAt: '待办时间',
    colDueAt: '截止时间',
    colOpen: '操作',
    open: '办理',
    view: '查看',
    overdue: '已超期',
    noTasks: '没有待办任务。',
    taskTitle: '审批任务',
    facts: '业务数据',
    noFacts: '该模板没有业务数据查询。',
    history: '审批历史',
    diagram: '流程图',
    act: '审批意见',
    comment: '意见',
    pass: '通过',
    returnTo: '退回到',
    returnDefault: '默认（上一个人工节点）',
    return: '退回',
    passed: '已通过：{key}',
    returned: '已退回：{key}',
    conflict: '其他人已先处理了此任务（{detail}）。',
    reloading: '2 秒后重新加载。',
    goneForYou: '此任务已不再由您办理：可能其他人已先处理，或已被撤回。',
    instanceTitle: '流程实例',
    instanceOf: '实例 {id}',
    status: '状态',
    initiator: '发起人',
    startedAt: '发起时间',
    endedAt: '结束时间',
    nodes: '节点',
    nodeListHint: '选择一个节点查看其处理记录',
    nodeDetail: '节点详情',
    notActed: '此节点尚无处理记录。',
    colWho: '处理人',
    colWhen: '时间',
    colAction: '动作',
    colComment: '意见',
    colExplanation: '决策说明',
    colTo: '流向',
    legend: '图例',
    legendExecuted: '已执行节点',
    legendTaken: '已走过的连线',
    legendCurrent: '当前节点',
    legendReturned: '发生过退回',
    currentAt: '当前处于：{nodes}',
    startedTitle: '我发起的',
    colId: '编号',
    colStatus: '状态',
    colStartedAt: '发起时间',
    colEndedAt: '结束时间',
    noStarted: '您还没有发起过流程。',
    'taskStatus.COMPLETED': '已通过',
    'taskStatus.RETURNED': '已退回',
    'taskStatus.CANCELLED': '已取消',
    'status.RUNNING': '进行中',
    'status.COMPLETED': '已完成',
    'status.TERMINATED': '已终止',
    'action.START': '发起',
    'action.PASS': '通过',
    'action.RETURN': '退回',
    'action.ROUTE': '路由',
    'action.END': '结束',
    'action.AUTO': '自动执行',
    'action.ABSORBED': '合并',
    'action.ACTION_FAILED': '自动执行失败',
    'action.RETRY': '重试',
    'action.REMIND': '催办',
    'action.ESCALATE': '升级',
    'action.CANCELLED': '取消',
    'action.FAIL_VOTE': '表决未通过',
    'node.ACTIVE': '处理中',
    'node.WAITING': '等待中',
    'node.FAILED': '失败',
    notSignedIn: '未登录：请在页首填写用户（开发模式），或先登录宿主系统。',
    errorStatus: '请求失败（HTTP {status}）：{detail}',
    errorNetwork: '无法连接服务器：{detail}',
    diagramError: '流程图无法显示：{detail}',
    yes: '是',
    no: '否',
    none: '—',
  },
  en: {
    appName: 'plantflow approvals',
    language: 'Language',
    user: 'User',
    roles: 'Roles',
    rolesHint: 'comma-separated',
    apply: 'Switch',
    signedInAs: 'Signed in as',
    navMain: 'Main navigation',
    skipToContent: 'Skip to content',
    navTasks: 'My tasks',
    navStarted: 'Started by me',
    loading: 'Loading…',
    tasksTitle: 'My tasks',
    search: 'Search by business key',
    templateFilter: 'Template',
    allTemplates: 'All templates',
    colTemplate: 'Template',
    colBusinessKey: 'Business key',
    colNode: 'Node',
    colHistoryNode: 'Node',
    colOfferedAt: 'Offered since',
    colDueAt: 'Due',
    colOpen: 'Action',
    open: 'Open',
    view: 'View',
    overdue: 'overdue',
    noTasks: 'No pending tasks.',
    taskTitle: 'Task',
    facts: 'Business facts',
    noFacts: 'The template has no fact query.',
    history: 'History',
    diagram: 'Diagram',
    act: 'Decision',
    comment: 'Comment',
    pass: 'Pass',
    returnTo: 'Return to',
    returnDefault: 'Default (the previous manual node)',
    return: 'Return',
    passed: 'Passed: {key}',
    returned: 'Returned: {key}',
    conflict: 'Someone else acted on this task first ({detail}).',
    reloading: 'Reloading in 2 s.',
    goneForYou: 'This task is no longer open to you: someone else probably acted first, or it was withdrawn.',
    instanceTitle: 'Instance',
    instanceOf: 'Instance {id}',
    status: 'Status',
    initiator: 'Initiator',
    startedAt: 'Started',
    endedAt: 'Ended',
    nodes: 'Nodes',
    nodeListHint: 'Choose a node to see what happened there',
    nodeDetail: 'Node detail',
    notActed: 'Nobody has acted on this node yet.',
    colWho: 'Who',
    colWhen: 'When',
    colAction: 'Action',
    colComment: 'Comment',
    colExplanation: 'Decision explanation',
    colTo: 'To',
    legend: 'Legend',
    legendExecuted: 'executed node',
    legendTaken: 'flow taken',
    legendCurrent: 'current node',
    legendReturned: 'returned from',
    currentAt: 'Now at: {nodes}',
    startedTitle: 'Started by me',
    colId: 'No.',
    colStatus: 'Status',
    colStartedAt: 'Started',
    colEndedAt: 'Ended',
    noStarted: 'You have not started any instance.',
    'taskStatus.COMPLETED': 'passed',
    'taskStatus.RETURNED': 'returned',
    'taskStatus.CANCELLED': 'cancelled',
    'status.RUNNING': 'Running',
    'status.COMPLETED': 'Completed',
    'status.TERMINATED': 'Terminated',
    'action.START': 'Start',
    'action.PASS': 'Pass',
    'action.RETURN': 'Return',
    'action.ROUTE': 'Route',
    'action.END': 'End',
    'action.AUTO': 'Automatic step',
    'action.ABSORBED': 'Joined',
    'action.ACTION_FAILED': 'Automatic step failed',
    'action.RETRY': 'Retry',
    'action.REMIND': 'Reminder',
    'action.ESCALATE': 'Escalation',
    'action.CANCELLED': 'Cancelled',
    'action.FAIL_VOTE': 'Vote failed',
    'node.ACTIVE': 'active',
    'node.WAITING': 'waiting',
    'node.FAILED': 'failed',
    notSignedIn: 'Nobody is signed in: enter a user in the header (development mode) or sign in to the host application.',
    errorStatus: 'The request failed (HTTP {status}): {detail}',
    errorNetwork: 'The server cannot be reached: {detail}',
    diagramError: 'The diagram cannot be drawn: {detail}',
    yes: 'yes',
    no: 'no',
    none: '—',
  },
};

let current = 'en';

/** The language: ?lang= first, then the stored choice, then the browser's languages; zh-CN or en. */
export function chooseLanguage() {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked && LANGUAGES.includes(asked)) {
    localStorage.setItem('pf-lang', asked);
    return asked;
  }
  const stored = localStorage.getItem('pf-lang');
  if (stored && LANGUAGES.includes(stored)) {
    return stored;
  }
  for (const l of navigator.languages || [navigator.language || 'en']) {
    const lower = String(l).toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export function setLanguage(lang) {
  current = LANGUAGES.includes(lang) ? lang : 'en';
  localStorage.setItem('pf-lang', current);
  document.documentElement.lang = current;
}

export function language() {
  return current;
}

/** The message of the current language, with {name} placeholders filled in. */
export function t(key, values = {}) {
  const text = MESSAGES[current][key] ?? MESSAGES.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in values ? String(values[name]) : m));
}

/** An instant (ISO string) in the browser's time zone, in the current language's format. */
export function formatDate(iso) {
  if (!iso) return t('none');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function statusLabel(status) {
  return MESSAGES[current]['status.' + status] ? t('status.' + status) : status;
}

export function actionLabel(action) {
  return MESSAGES[current]['action.' + action] ? t('action.' + action) : action;
}

export function nodeStatusLabel(status) {
  return MESSAGES[current]['node.' + status] ? t('node.' + status) : status;
}

export const messageTables = MESSAGES;
