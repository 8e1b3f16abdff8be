/** The language of a partner's finance emails. */
export type FinanceLanguage = 'en' | 'ko';

/** A partner has at most this many finance contacts. */
export const MAX_FINANCE_CONTACTS = 5;

export interface ExportEmailFile {
  readonly name: string;
  readonly size: number;
  readonly url: string;
}

/** The email a finance contact gets when a month's export is written: the files with their links. */
export function exportEmail(input: {
  readonly language: FinanceLanguage;
  readonly contactName: string;
  readonly partnerName: string;
  readonly month: string;
  readonly reconciled: boolean;
  readonly expiresAt: string;
  readonly files: readonly ExportEmailFile[];
}): { subject: string; text: string } {
  const list = input.files.map((f) => `- ${f.name} (${f.size} bytes)\n  ${f.url}`).join('\n');
  if (input.language === 'ko') {
    return {
      subject: `[${input.partnerName}] ${input.month} 정산 자료`,
      text: [
        `${input.contactName}님, 안녕하세요.`,
        '',
        `${input.partnerName}의 ${input.month} 정산 자료가 준비되었습니다.`,
        `원장 대사 결과: ${input.reconciled ? '일치' : '불일치 (담당자에게 문의하세요)'}`,
        '',
        list,
        '',
        `링크는 ${input.expiresAt}까지 유효합니다. 이후에는 콘솔의 재무 → 내보내기에서 다시 받으세요.`,
      ].join('\n'),
    };
  }
  return {
    subject: `[${input.partnerName}] Finance export for ${input.month}`,
    text: [
      `Hello ${input.contactName},`,
      '',
      `The finance export of ${input.partnerName} for ${input.month} is ready.`,
      `Reconciled with the ledger: ${input.reconciled ? 'yes' : 'NO (please contact support)'}`,
      '',
      list,
      '',
      `The links work until ${input.expiresAt}; after that, download the files again from Finance → Exports in the console.`,
    ].join('\n'),
  };
}
