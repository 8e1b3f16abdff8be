import type { Messages } from './en';

/** 한국어. The type keeps every key of en.ts present here. */
export const ko: Messages = {
  app: { name: '파트너 콘솔', product: '스테이블코인 게이트웨이', skip: '본문으로 건너뛰기', language: '언어', signOut: '로그아웃', myAccount: '내 계정', loading: '불러오는 중…', retry: '다시 시도', refresh: '새로고침', close: '닫기', cancel: '취소', save: '저장', confirm: '확인', search: '검색', reset: '초기화', previous: '이전', next: '다음', page: '{{page}} 페이지', copy: '복사', copied: '복사됨', yes: '예', no: '아니요', none: '없음', all: '전체', updated: '{{time}} 업데이트' },
  nav: { dashboard: '대시보드', deposits: '입금', depositHistory: '입금 내역', reservations: '입금 예약', withdrawals: '출금', withdrawalHistory: '출금 내역', whitelist: '화이트리스트', wallets: '지갑', walletList: '지갑 목록', externalWallets: '외부 지갑', transactions: '거래 내역', settings: '설정', account: '내 계정' },
  banner: {
    twoFactorOff: '2단계 인증(2FA)이 꺼져 있습니다. 켜기 전까지 출금 등 일부 기능이 제한될 수 있습니다.',
    setUp2fa: '2FA 설정',
    withdrawalsLocked: '보안 설정 변경으로 {{time}}까지 출금이 잠겨 있습니다.',
  },
  signIn: {
    title: '로그인', subtitle: '관리자에게 발급받은 이메일과 비밀번호를 입력하세요.', email: '이메일', password: '비밀번호', remember: '로그인 유지 (7일)', submit: '로그인', forgot: '비밀번호를 잊으셨나요?',
    otpTitle: '2단계 인증', otpHelp: '인증 앱의 6자리 코드(또는 복구 코드)를 입력하세요.', otp: '인증 코드', verify: '확인', back: '로그인으로 돌아가기',
  },
  forgot: { title: '비밀번호 재설정', help: '로그인 이메일을 입력하세요. 계정이 있으면 재설정 링크가 발송됩니다.', submit: '재설정 링크 보내기', sent: '계정이 있는 주소라면 재설정 링크가 발송되었습니다.' },
  reset: { title: '새 비밀번호 설정', newPassword: '새 비밀번호', submit: '비밀번호 설정', done: '비밀번호가 변경되었습니다. 새 비밀번호로 로그인하세요.', missingToken: '링크에 토큰이 없습니다.' },
  invitation: { title: '초대 수락', intro: '{{workspace}}에 {{role}}(으)로 초대되었습니다.', name: '이름', password: '비밀번호 설정', submit: '계정 만들기', done: '계정이 준비되었습니다. 로그인하세요.' },
  dashboard: {
    title: '대시보드', todayDeposits: '오늘 입금', todayWithdrawals: '오늘 출금', available: '사용 가능 잔액', pending: '대기 중 출금', count_one: '{{count}}건', count_other: '{{count}}건', awaitingApproval: '승인 대기',
    trend: '최근 7일 입금 추이', amount: '금액 (USD)', countLabel: '건수', byCurrency: '통화별 잔액', network: '네트워크', availableCol: '사용 가능', held: '보류', total: '합계', truncated: '추이는 최근 입금만 표시합니다.', noWithdrawals: '출금 기능이 활성화되면 출금 수치가 표시됩니다.',
  },
  deposits: {
    title: '입금 내역', code: '입금 코드', userId: '사용자 ID', time: '시간', network: '네트워크', method: '방식', amount: '금액', status: '상태', txHash: 'TX 해시', from: '시작일', to: '종료일', dateRange: '기간', codeOrHash: '입금 코드 / TX 해시',
    empty: '조건에 맞는 입금이 없습니다.', detail: '입금 {{code}}', fee: '수수료', net: '실수령액', confirmations: '컨펌 수', confirmedAt: '확정 시간', detectedAt: '감지 시간', address: '입금 주소', fromAddress: '보낸 주소', sweepTx: '스윕 TX', settledAt: '정산 시간', failureReason: '실패 사유', block: '블록', wallet: '지갑 유형',
  },
  reservations: { title: '입금 예약', help: '사용자에게 고정 입금 주소를 예약하면 해당 주소로 들어온 입금이 자동으로 매칭됩니다.', create: '주소 예약', release: '해제', released: '해제됨', empty: '예약이 없습니다.', address: '주소', createdAt: '생성일' },
  withdrawals: {
    title: '출금 내역', request: '출금 요청', code: '출금 코드', requestedAt: '요청 시간', type: '유형', fee: '수수료', total: '합계', address: '받는 주소', reference: '참조', requestedBy: '요청자', decidedBy: '결정자', rejectReason: '거절 사유', failureReason: '실패 사유', history: '이력', codeOrHash: '출금 코드 / TX 해시',
    empty: '조건에 맞는 출금이 없습니다.', detail: '출금 {{code}}', approve: '승인', reject: '거절', cancelW: '출금 취소', reason: '사유', ownRequest: '본인이 요청한 출금입니다. 다른 구성원이 승인해야 합니다.',
    token: '토큰', amount: '금액', max: '최대', availableBalance: '사용 가능: {{amount}} {{token}}', whitelistEntry: '화이트리스트 주소', manualAddress: '받는 주소', userId: '사용자 ID (선택)', otp: 'OTP 코드', submit: '요청', created: '출금 {{code}} 요청됨 ({{status}}).',
    approved: '출금이 승인되었습니다.', rejected: '출금이 거절되었습니다.', cancelled: '출금이 취소되었습니다.', notAvailable: '이 서버에서는 아직 출금을 사용할 수 없습니다.', whitelistMode: '화이트리스트 전용', manualMode: '직접 입력',
  },
  whitelist: { title: '출금 화이트리스트', add: '주소 추가', label: '라벨', usableAt: '사용 가능 시점', createdBy: '등록자', remove: '삭제', empty: '등록된 주소가 없습니다.', cooling: '새 주소는 {{hours}}시간 대기 후 사용할 수 있습니다.' },
  wallets: {
    title: '지갑', createHot: 'HOT 생성', createMaster: 'MASTER 생성', createPool: 'POOL 생성', kind: '유형', purpose: '용도', address: '주소', balances: '잔액', createdAt: '생성일', status: '상태', empty: '이 유형의 지갑이 없습니다.',
    HOT: 'HOT — 사용자별 입금 지갑, MASTER로 스윕', MASTER: 'MASTER — 메인 지갑, 출금 지급', POOL: 'POOL — 소수점 매칭 입금', created: '지갑 {{address}} 준비 완료.', detail: '지갑', approve: 'Approve 상태', deposits: '이 지갑의 입금', withdrawals: '이 지갑에서 지급한 출금', unknown: '알 수 없음',
  },
  external: { title: '외부 지갑', help: '사용자에게 등록된 보낸 주소: 이 주소에서 MASTER 또는 POOL 주소로 보낸 금액은 해당 사용자의 입금이 됩니다.', add: '주소 등록', label: '라벨', remove: '삭제', empty: '등록된 외부 지갑이 없습니다.' },
  transactions: { title: '거래 내역', help: '입금, MASTER 스윕, 출금을 한 목록으로 봅니다.', kind: '종류', searchUser: '사용자 ID', searchAddress: '주소', searchHash: 'TX 해시', empty: '일치하는 거래가 없습니다.' },
  settings: {
    title: '설정', apiKeys: 'API 키', webhook: '웹훅', policy: '출금 정책', members: '구성원', audit: '감사 로그',
    keyName: '이름', keyStatus: '상태', keyCreated: '생성일', lastUsed: '최근 사용', ipAllowlist: 'IP 허용 목록', newKey: '새 API 키', revoke: '폐기', secretOnce: '지금 시크릿을 복사하세요. 한 번만 표시되며 이후 다시 볼 수 없습니다.', keyId: 'API 키', secret: '시크릿',
    webhookUrl: '웹훅 URL', threshold: '대량 입금 기준 (USD)', rotate: '시크릿 교체', sendTest: '테스트 전송', deliveries: '전송 기록', event: '이벤트', attempts: '시도', redeliver: '재전송', webhookSaved: '웹훅이 저장되었습니다.', testSent: '테스트 이벤트가 대기열에 추가되었습니다.', secretCreated: '시크릿 생성', noWebhook: '설정된 웹훅이 없습니다.',
    approvalMode: '승인', auto: '자동 승인', conditional: '조건부 수동 승인', thresholdUsdt: '기준 금액 (USDT)', addressMode: '주소 방식', coolingHours: '화이트리스트 대기 시간: {{hours}}시간', requireTwoFactor: '2FA 미사용 구성원의 출금 허용', fourEyes: '4-eyes: 요청자는 본인 출금을 승인할 수 없음', policySaved: '정책이 저장되었습니다.',
    invite: '구성원 초대', role: '역할', email: '이메일', name: '이름', twoFactor: '2FA', lastSignIn: '최근 로그인', invitations: '초대', invited: '{{email}}에 초대장을 보냈습니다.', deactivate: '비활성화', reactivate: '재활성화', resend: '재전송', revokeInvite: '취소', expires: '만료',
    action: '작업', actor: '수행자', outcome: '결과', at: '시간', details: '상세', readOnly: '설정을 볼 수 있지만 변경하려면 추가 권한이 필요합니다.',
  },
  account: {
    title: '내 계정', info: '기본 정보', partnerCode: '파트너 코드', partnerType: '유형', partnerName: '파트너명', partnerStatus: '상태', role: '역할', email: '이메일', name: '이름',
    password: '비밀번호 변경', currentPassword: '현재 비밀번호', newPassword: '새 비밀번호', passwordRule: '영문, 숫자, 특수문자를 섞어 8자 이상.', passwordChanged: '비밀번호가 변경되었습니다. 24시간 동안 출금이 잠깁니다.',
    twoFactor: '2단계 인증 (2FA)', enabled: '켜짐', disabled: '꺼짐', setUp: '2FA 설정', scan: 'Google Authenticator, Authy 등 인증 앱으로 QR 코드를 스캔한 뒤 표시되는 6자리 코드를 입력하세요.', manualKey: '또는 이 키를 직접 입력', enable: '2FA 켜기', disable: '2FA 끄기', recoveryCodes: '복구 코드 — 안전하게 보관하세요. 휴대폰을 잃어버렸을 때 각각 한 번 사용할 수 있습니다.', twoFactorOn: '2FA가 켜졌습니다.', twoFactorOff: '2FA가 꺼졌습니다.', qrAlt: '인증 앱용 QR 코드',
  },
  status: {
    DETECTED: '감지됨', CONFIRMING: '컨펌 중', CONFIRMED: '확정', COLLECTING: '스윕 중', COLLECTED: '스윕 완료', SETTLED: '정산 완료', FAILED: '실패',
    REQUESTED: '요청됨', PENDING_APPROVAL: '승인 대기', APPROVED: '승인됨', PROCESSING: '처리 중', BROADCASTING: '전송 중', REJECTED: '거절됨', CANCELLED: '취소됨',
    ACTIVE: '활성', RELEASED: '해제됨', REVOKED: '폐기됨', DEACTIVATED: '비활성', PENDING: '대기', DELIVERED: '전송됨', EXPIRED: '만료', ACCEPTED: '수락됨', SUCCESS: '성공', DENIED: '거부', NONE: '없음', APPROVING: 'Approve 중', TOPPING_UP: '가스 충전 중', SUSPENDED: '정지',
  },
  method: { HOT_ADDRESS: 'HD 지갑', RESERVATION: '예약', EXTERNAL_WALLET: '외부 지갑', POOL_AMOUNT: '소수점 매칭', UNATTRIBUTED: '미지정' },
  wtype: { USER: '사용자 출금', API: 'API 출금', MANUAL: '수동' },
  kind: { DEPOSIT: '입금', SWEEP: '스윕', WITHDRAWAL: '출금' },
  errors: {
    generic: '문제가 발생했습니다. 다시 시도하거나 요청 ID {{requestId}}로 지원팀에 문의하세요.', network: '서버에 연결할 수 없습니다. 연결을 확인하고 다시 시도하세요.',
    INVALID_CREDENTIALS: '이메일 또는 비밀번호가 올바르지 않습니다.', OTP_REQUIRED: '인증 앱의 6자리 코드를 입력하세요.', OTP_INVALID: '코드가 올바르지 않습니다. 휴대폰 시간을 확인하고 다시 시도하세요.', OTP_REPLAYED: '이미 사용한 코드입니다. 다음 코드를 기다리세요.',
    TWO_FACTOR_REQUIRED: '먼저 2단계 인증을 켜세요 (내 계정).', WITHDRAWAL_LOCKED: '보안 설정 변경으로 {{unlockAt}}까지 출금이 잠겨 있습니다.', FOUR_EYES_VIOLATION: '본인이 요청한 출금입니다. 다른 구성원이 승인해야 합니다.', FOUR_EYES_REQUIRED: '다른 구성원이 이 출금을 승인해야 합니다.',
    PERMISSION_DENIED: '현재 역할로는 이 작업을 할 수 없습니다.', FORBIDDEN: '허용되지 않은 작업입니다.', INSUFFICIENT_FUNDS: '사용 가능 잔액이 금액과 수수료보다 부족합니다.', TOO_MANY_ATTEMPTS: '시도가 너무 많습니다. {{retryAfterSeconds}}초 후 다시 시도하세요.', LOCKED_OUT: '실패가 너무 많아 {{unlockAt}}까지 잠겼습니다.',
    SESSION_EXPIRED: '세션이 종료되었습니다. 다시 로그인하세요.', SESSION_REVOKED: '세션이 종료되었습니다. 다시 로그인하세요.', CHALLENGE_INVALID: '로그인 단계가 만료되었습니다. 다시 시작하세요.', CSRF_TOKEN_INVALID: '페이지가 오래되었습니다. 새로고침 후 다시 시도하세요.', VALIDATION_FAILED: '표시된 항목을 확인하세요.', NOT_FOUND: '찾을 수 없습니다.', CONFLICT: '현재 상태와 충돌합니다. 새로고침 후 다시 시도하세요.', ILLEGAL_TRANSITION: '현재 상태에서는 할 수 없는 작업입니다.', ACCOUNT_DEACTIVATED: '비활성화된 계정입니다.', PARTNER_SUSPENDED: '정지된 워크스페이스입니다.', CURRENT_PASSWORD_INVALID: '현재 비밀번호가 올바르지 않습니다.', TOKEN_INVALID: '유효하지 않은 링크입니다.', TOKEN_EXPIRED: '만료된 링크입니다.', TOKEN_ALREADY_USED: '이미 사용된 링크입니다.', PRIVILEGE_ESCALATION: '본인에게 없는 권한은 부여할 수 없습니다.', LAST_OWNER: '워크스페이스에는 최소 한 명의 소유자가 있어야 합니다.', EMAIL_TAKEN: '이미 계정이 있는 이메일입니다.', RATE_LIMITED: '요청이 너무 많습니다. 잠시 후 다시 시도하세요.',
  },
};
