/**
 * The Finance chapter's strings (issue 17: monthly exports, finance contacts), in their own file so
 * en.ts and ko.ts only reference them. `financeKo` has the same shape; the type checker keeps them in step.
 */
export const financeEn = {
  nav: { group: 'Finance', exports: 'Exports' },
  exports: {
    title: 'Exports',
    help: 'Each month on the 1st (03:00 UTC) the gateway writes last month’s settlement statement, your revenue statement (distributors), the gas invoice PDF and CSV, and a manifest with every file’s SHA-256. Download links last 5 minutes; open the month again for fresh ones.',
    months: 'Months',
    none: 'No export yet. The first one is written on the 1st of next month.',
    file: 'File',
    size: 'Size',
    sha256: 'SHA-256',
    download: 'Download',
    reconciled: 'Reconciled with the ledger',
    notReconciled: 'Not reconciled — contact support',
  },
  contacts: {
    tab: 'Finance contacts',
    help: 'Up to 5 people who get the monthly export email with download links (valid 7 days).',
    name: 'Name',
    email: 'Email',
    language: 'Email language',
    add: 'Add contact',
    remove: 'Remove',
    saved: 'Finance contacts saved.',
  },
};

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const financeKo: Widen<typeof financeEn> = {
  nav: { group: '재무', exports: '내보내기' },
  exports: {
    title: '내보내기',
    help: '매월 1일(UTC 03:00)에 지난달 정산서, 수익 명세서(총판), 가스 인보이스 PDF·CSV, 모든 파일의 SHA-256이 담긴 매니페스트가 작성됩니다. 다운로드 링크는 5분간 유효하며, 월을 다시 열면 새 링크가 발급됩니다.',
    months: '월',
    none: '아직 내보내기가 없습니다. 첫 내보내기는 다음 달 1일에 작성됩니다.',
    file: '파일',
    size: '크기',
    sha256: 'SHA-256',
    download: '다운로드',
    reconciled: '원장과 대사 일치',
    notReconciled: '대사 불일치 — 지원팀에 문의하세요',
  },
  contacts: {
    tab: '재무 담당자',
    help: '월간 내보내기 이메일(다운로드 링크, 7일 유효)을 받을 담당자를 최대 5명까지 등록합니다.',
    name: '이름',
    email: '이메일',
    language: '이메일 언어',
    add: '담당자 추가',
    remove: '삭제',
    saved: '재무 담당자를 저장했습니다.',
  },
};
