"""UAX #14 line breaking and display width as libunistring 1.0 computes them (GNU gettext 0.21).

:func:`display_width` counts columns as gettext does; ``_possible_linebreaks`` and
``_width_linebreaks`` are ports of libunistring's ``u8_possible_linebreaks_v2`` and
``u8_width_linebreaks_v2``, the reference the msgcat wrapper (:mod:`.wrap`) follows.
"""
from __future__ import annotations

import base64
import zlib

__all__ = ["display_width"]

# ---------------------------------------------------------------------------
# Unicode tables, extracted from libunistring 1.0 (the library GNU gettext 0.21
# links against; Unicode 14): per code point, the *resolved* UAX #14 line break
# class (AI->AL, CB->ID, SA->AL, XX->AL as libunistring does for UTF-8) and the
# uc_width() display width (+1, so -1 "control" fits in a byte). Encoded as
# zlib/base85 runs of (varint delta to run start, class, width+1).
_UNI_DATA = (
    "c-rk*OUPeW5&zE2ef;nL{-0k?a&NxZKVNd2#<oe5RGZKeTM7-eXpOZ6MU<ef6v2fkbQQ6Jl@<jps"
    "9-_Vr8{w@;;JGD?Z$4Z3$^IRM_eh2jWfSFbH5w&5b5^Y%suy<IrBPm=A4<c)`ifmjd(2_TMN5uba"
    "YLA*N;=ED9k8C3hNY>Xvpt`Lg}4z3OV2b3JV&~i6U{Oqni^T0CQW~OrgN6Zmrl=`WpeHmWsxaa%0"
    "3nAfZzmnZg1?JW=?i3|$Pk4tS&s?+v0rn1oPvVH#;R*Zyaz3uUBhDjsV`wr&E1ldRC%WUxv-qb=G"
    "L%q_|yO=Bp8)sh%`3Ax(PDi!$dE*un<m#VmGjp-k&5{oh>`UNH$7okZqCDK736}Zy{;rJmT9%+uz"
    "-7Zuj!yNWE%InJF5GVwU3S__>l1TgQQMnXd7)83P3vE=B9O;z8{kp!r%1Ut5QHD-R($ZLj<RsqGh"
    "t3bCsPLWHK{b;83dG0I&L+yjNjqP<d&GpP769^)pkQV;7xJ3{<028X-}+_~b6c{`Or2Q7ff&Ym1m"
    "lMrbO~;a8#OAO>`<w73_WN#ovk&o3)9<S2ILB?3t-ylIrlV~l?@gyGj^t<^D5!dl`%rwr&DPhU1i"
    "eg^k35#ke@J%1`8K%Ch$<l3QJbHf)|070iWZZ=ZI?+w$MPk05_(n{$ra<++J`r6tE&Z?FizrHFlG"
    "+yEB6+GNJ$|`!T4u=K*W#Zcol`JlL=aP7qHFLYOmMm;o*4w6AmQDQR~aSjcvVs&5=&Ug0SHPexb?"
    "5(exe0_+u;;5UnEjRlaWu9}jyHbiB#KYExiZ-mD-!v`Y$#{Ao2&`b8Ymf^E8Nm20$)&=U|B=Wmue"
    "hAi^&}9ekVUr35AGrXvpw$*U9a^9pNYz%VvU!x4*LFQ4Y6c*D67-M4KA$yTg$xWgFwZZb$EZp)uh"
    "`5B=5v_&fW<Y)7rbp!j$o#-MFdQ=rInzz!s2Dn{9fOjxo_0mowD}D5Dhc9uXt6(Ng3O>JGQYqk2s"
    "Ln#J$HUlWl`8?Maz_y3=4W@_ofj`9Q)BEH3#@n06^*W>C3E0WSI6%kp_R(!cG15}TJn<>fnI>K%p"
    "2+l4B@&u2svJy>~?PTOp(B7|KPM|Z?h_ni!>qBY!j?w()k0!@6~Ge9}ULrf=yh(C27n|WioP9;v*"
    "8DIvO&RoEG7j`A?AtqQbpTML3W#`cAVXS}ca0?3ghGlFz<xsHv{xn1u8Mxul5H;HMTox5Y{$*eRb"
    "ZQ`aL%dQbJ%<~p6nP>s9ixXZ`9M@S1ss9SQYbW(1FD-UvNB^344B2BX<Q6#g#H2u<Y>xzmD&V}%V"
    "=%sXBiSA8|XO(7yv~b_O`5IVOy*5%SvyX+rvmJ&}l(u2AKCl|7-5o{tr&Krt;ABzel|BZGxrmb9D"
    "uN(~g9)f~#4uhW~vUaE9%0S#BOPl5jk-cr-~k1Scl*_?yZiPFy8#CWkrcMzRn}AT=5UJG*h-hM=G"
    "wZCIDD;SY*mHT;^a*+wHC#u=--%92y9!(`rjD|j1(IyHpUSObtY@=mAZHRzjng3GPoVZhZ5{e?qa"
    "4T&E$XBeWlLaO1+=tPz+bT_Q?5x}R!Mm5X+T;cZw_RQ7$<@9Oz#qSxNzsnYst$i-C#Nbm{gcmffx"
    "ic&fIUnuz!q5?f$4hoEkpLU%%XVgPx@#zGy1lES_0$MI56X#+Q)`5HeYV3*M}GarDp7b{j)cswoa"
    "mHObOg~Fxd>q5<S=i8BM%N68XOqnWCdK!LVu0ZYmBxa7mjA<#KbZNJ4^cWAJexm@jgES*>4KDAK="
    "peHb0Gs)1}gGH-8HKRns6-e|t~b9^`O{H}~N_+=u&cAMV3_xDWT?TZeM1+X#)^J~zXeNY6gf@D;h"
    "jZg1iKwT0s1mSmv{bHD&d11LCuVaq=v{n+Z}a^+miksr)iYZjI?jP>>{S68`f=eN&1Zj*~NTmmBP"
    "Mp{rIGq~B55pMKhox>6hr08D>S}@>HfvAu5)TyW5aE-))fw?)|>)#%<6EiWuR1+{QO*LAm7&mmX*"
    "7SIVw7fueJ%m~VUP3rwv95XNx?I$ePJhAjzkk{#_;>bs(W>7a5{}b=uh_-^2POV~Zn?;B`;x2G1V"
    "!Z&=&=lAfpqc(8y3?QC~iE$T5x^C%BLex{To^BCek+oDvM_@_)K3>j`WT$%yF6DMj1PJ?SJeU$4R"
    "TmdIlj$fo8nG93v?>>gkM?1FZ_ymsG8kOIFN^sf0Q9jOjFpS3t--e-2&%?n`|(%d+=(cPSg9zB)E"
    "Yyv@#^;G|l5I*48!yP?=@M22N`-YYhzCzLX#68_Knmk2WJSRQCfda2J+#P<QSa6@Na+tVBjqWo(3"
    "M6oxVK@TL3l9tW=z2V6L<Dt@1Q!CT`{m%Z$1ZaiJXRh#mPwA{`EZSsN7Kc&)9DE^6#_yZmFLo#qx"
    "gluqBD41}0Rk29Kewk-Ftz$64_+lM+>=h2jP|nN3!ECM=AV#-{wc3wrm{+=<`E*#v)49*VSB1>8S"
    "tSjmF6XvKjadZp2eE3&*0I8uYX-D<8{^(Kh5_>_g0}t_yxIZ{XxQ~SYQV(cy$C}e!n>(iLbgriW_"
    "Qek^X8enf${LLOBVcK(sjK2w!~{nAi@vg!XZJHHh?p2n(Bx@mpi`Ck0S{)GyaLJe7!C@2NQp_D-e"
    "oYS!>S?nSxeN)h=rA#+!w1(H8Lia;wt7Ikqeg7SCebF$Xb-?G+WnfAQ=eCL3L88G;@#DG)q06CLh"
    "%DVooOn2YHH`ESrzix5vIT8A7q$}bt=iu>Ytw!OsIl>NG_%oX9idV<JL`$dGFP$KL(Ynkj->@BdK"
    "{(<+M`8HY8YrIvwCIpc)Mmdd?DzwGrD!Nab@k3x%e5bGY0}WV)!;8s`o(|&jXPSUF~y<qVZa?L$V"
    "S!|IXM(sI=@XDa#FNBZTOy6Ygtvxr5so-3!S3nZ;6q28{xqf3cVKr%atB5vqqynp)`FkqFRTuF<)"
    "t2i-4nWm2h&<SvIMlEs&3B;p`zRAq!lg%(voN2(I{mAb>~)f&tK22NNKs6S#-D;d_rzdpuRnRjWl"
    "*t){4pPrx(-Y(+2#ndx*oh&p<v!if2_2M$TC*SsHxBqE!v?C}|KZMAbg2JQ=tR%naL#mbe1B;0Db"
    "UD~x;Sx<2oT`7D<)-ux5($kViJ87}ftp;6fM>^lC!N;w}z!PZiVBv+%6N1wlTrMdqmaPERD#_T*s"
    "|JJ$r!jN^1`iIUXX&OE#g9gM3hp&)v3x3Rf@MpUTv^brO{0~nCX7@(5kSOS0Zn2~daG*b%@S_|Z("
    "d`pjeR41{>lk|#=op@VqLf@fBylXHM1`"
)
_PAIR_TABLE = (
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",
    "PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",
    "PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPIIIPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIDDIPDIIPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
    "PIIIIIPPPPIIPPIPIIIPIIIIIIIIIIIII",
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIIIIPIDDPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIIIIPIDDPIIIIIIIIIDIII",
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDIDDDD",
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",
    "PIDIDIPPPPIIDDIPDIDPDIIDDIIDDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIIDIPIIIPIDDIIDDDIDIII",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",
)

# libunistring's class numbers (unilbrk/lbrktables.h of that release).
_BA, _HY, _AL, _HL, _RI, _ZWJ = 3, 5, 20, 28, 29, 30
_BK, _CR, _LF, _CM, _ZW, _SP = 33, 34, 35, 36, 37, 38
_HL_BA = 100
# Break values (unilbrk.h).
_UNDEFINED, _PROHIBITED, _POSSIBLE, _MANDATORY, _CR_BEFORE_LF = 0, 1, 2, 3, 5

_lb_class: bytearray | None = None
_width1: bytearray | None = None   # width + 1


def _tables() -> tuple[bytearray, bytearray]:
    global _lb_class, _width1
    if _lb_class is None or _width1 is None:
        raw = zlib.decompress(base64.b85decode("".join(_UNI_DATA)))
        lb = bytearray(0x110000)
        wd = bytearray(0x110000)
        runs: list[tuple[int, int, int]] = []
        pos = cp = 0
        while pos < len(raw):
            delta = shift = 0
            while True:
                byte = raw[pos]
                pos += 1
                delta |= (byte & 0x7F) << shift
                shift += 7
                if not byte & 0x80:
                    break
            cp += delta
            runs.append((cp, raw[pos], raw[pos + 1]))
            pos += 2
        for i, (start, cls, w) in enumerate(runs):
            end = runs[i + 1][0] if i + 1 < len(runs) else 0x110000
            lb[start:end] = bytes((cls,)) * (end - start)
            wd[start:end] = bytes((w,)) * (end - start)
        _lb_class, _width1 = lb, wd
    return _lb_class, _width1


def display_width(text: str) -> int:
    """Columns ``text`` takes the way GNU gettext counts them (CJK 2, combining marks 0)."""
    _, wd = _tables()
    return sum(max(wd[ord(ch)] - 1, 0) for ch in text)


def _possible_linebreaks(chars: list[str]) -> list[int]:
    """Port of libunistring's u8_possible_linebreaks_v2 (per code point)."""
    lb, _ = _tables()
    table = _PAIR_TABLE
    p = [_PROHIBITED] * len(chars)
    prev_prop = last_prop = _BK
    seen_space = False
    ri_count = 0
    for i, ch in enumerate(chars):
        prop = lb[ord(ch)]
        if prop in (_BK, _LF, _CR):
            p[i] = _MANDATORY
            if prev_prop == _CR and prop == _LF:
                p[i - 1] = _CR_BEFORE_LF
            prev_prop = prop
            last_prop = _BK
            seen_space = False
        else:
            if prop == _SP:
                p[i] = _PROHIBITED
                seen_space = True
            elif prop == _ZW:
                p[i] = _PROHIBITED
                last_prop = _ZW
                seen_space = False
            elif prop in (_CM, _ZWJ):
                if last_prop == _BK:
                    p[i] = _PROHIBITED
                    last_prop = _AL
                    seen_space = False
                elif last_prop == _ZW or seen_space:
                    p[i] = _POSSIBLE
                    last_prop = _AL
                    seen_space = False
                else:
                    p[i] = _PROHIBITED
            else:
                if last_prop == _BK:
                    p[i] = _PROHIBITED
                elif last_prop == _ZW:
                    p[i] = _POSSIBLE
                elif prev_prop == _ZWJ:
                    p[i] = _PROHIBITED
                elif last_prop == _RI and prop == _RI:
                    p[i] = _POSSIBLE if seen_space or ri_count % 2 == 0 else _PROHIBITED
                elif prev_prop == _HL_BA:
                    p[i] = _PROHIBITED
                else:
                    rule = table[last_prop][prop]
                    if rule == "D" or (rule == "I" and seen_space):
                        p[i] = _POSSIBLE
                    else:
                        p[i] = _PROHIBITED
                last_prop = prop
                seen_space = False
            prev_prop = _HL_BA if prev_prop == _HL and prop in (_HY, _BA) else prop
        ri_count = ri_count + 1 if prop == _RI else 0
    return p


def _width_linebreaks(chars: list[str], width: int, start_column: int, overrides: list[int]) -> list[int]:
    """Port of libunistring's u8_width_linebreaks_v2: where to break to fit ``width`` columns."""
    _, wd = _tables()
    p = _possible_linebreaks(chars)
    last_p = -1
    last_column = start_column
    piece_width = 0
    for i, ch in enumerate(chars):
        if overrides[i] != _UNDEFINED:
            p[i] = overrides[i]
        brk = p[i]
        if brk in (_POSSIBLE, _MANDATORY, _CR_BEFORE_LF):
            if last_p >= 0 and last_column + piece_width > width:
                p[last_p] = _POSSIBLE
                last_column = 0
        if brk in (_MANDATORY, _CR_BEFORE_LF):
            last_p = -1
            last_column = 0
            piece_width = 0
        else:
            if brk == _POSSIBLE:
                last_p = i
                last_column += piece_width
                piece_width = 0
            p[i] = _PROHIBITED
            w = wd[ord(ch)] - 1
            if w >= 0:
                piece_width += w
    if last_p >= 0 and last_column + piece_width > width:
        p[last_p] = _POSSIBLE
    return p

