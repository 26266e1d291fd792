// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { highlightMentionsInHtml, splitMentions } from './mentions';

describe('mentions', () => {
  it('cuts a text into plain parts and @-mentions of the given names, the longest name first', () => {
    expect(splitMentions('CPU high @Lin Qi and @Lin, @All', ['Lin', 'Lin Qi', 'All'])).toEqual([
      { text: 'CPU high ', mention: false },
      { text: '@Lin Qi', mention: true },
      { text: ' and ', mention: false },
      { text: '@Lin', mention: true },
      { text: ', ', mention: false },
      { text: '@All', mention: true },
    ]);
    expect(splitMentions('mail me@Lin.example', [])).toEqual([{ text: 'mail me@Lin.example', mention: false }]);
    expect(splitMentions('a (b) @x.y', ['x.y'])).toEqual([
      { text: 'a (b) ', mention: false },
      { text: '@x.y', mention: true },
    ]);
  });

  it('wraps mentions in sanitised HTML in a span, as text: a name is never markup', () => {
    expect(highlightMentionsInHtml('<h3>Disk</h3><p>@Bob <b>look</b></p>', ['Bob'])).toBe('<h3>Disk</h3><p><span class="mention">@Bob</span> <b>look</b></p>');
    expect(highlightMentionsInHtml('<p>@&lt;i&gt;</p>', ['<i>'])).toBe('<p><span class="mention">@&lt;i&gt;</span></p>');
    expect(highlightMentionsInHtml('<p>@Bob</p>', [])).toBe('<p>@Bob</p>');
  });
});
